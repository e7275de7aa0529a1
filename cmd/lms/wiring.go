package main

import (
	"context"
	"time"

	"lms/course"
	"lms/media"
	"lms/quiz"
)

// coursesForQuiz tells quiz what it must know of a course to say who
// manages its banks and quizzes: its unit and its trainers.
type coursesForQuiz struct{ c *course.Service }

func (a coursesForQuiz) Staff(ctx context.Context, ids []int64) (map[int64]quiz.CourseStaff, error) {
	found, err := a.c.Teaching(ctx, ids)
	out := make(map[int64]quiz.CourseStaff, len(found))
	for id, c := range found {
		out[id] = quiz.CourseStaff{UnitPath: c.UnitPath, Teachers: c.OwnerIDs}
	}
	return out, err
}

// mediaForCourses is the narrow view the courses feature has of media:
// a lecture's length and the media time a learner really fetched.
type mediaForCourses struct{ m *media.Service }

func (a mediaForCourses) AssetDuration(ctx context.Context, id int64) (float64, int64, bool, error) {
	info, err := a.m.AssetInfo(ctx, id)
	return info.Duration, info.OwnerID, info.State == "ready", err
}

func (a mediaForCourses) FetchedIn(ctx context.Context, since time.Time, qs []course.FetchQuery) ([][]course.Span, error) {
	mq := make([]media.FetchQuery, len(qs))
	for i, q := range qs {
		mq[i] = media.FetchQuery{UserID: q.UserID, AssetID: q.AssetID, From: q.From, To: q.To}
	}
	spans, err := a.m.FetchedIn(ctx, since, mq)
	out := make([][]course.Span, len(spans))
	for i, list := range spans {
		for _, s := range list {
			out[i] = append(out[i], course.Span{Start: s.Start, End: s.End})
		}
	}
	return out, err
}

// wireMedia lets each of courses and media ask the other what it must
// know: who may play a lecture, what a learner fetched of it.
func (a *App) wireMedia() {
	a.Course.Media = mediaForCourses{a.Media}
	a.Media.Viewer = a.Course
}

// quizzesForCourse is what courses need of quizzes: whether the required
// ones are passed, and each quiz's place and the learner's standing, for
// the outline, the lesson's next step and 我的学习.
type quizzesForCourse struct{ *quiz.Service }

func (a quizzesForCourse) QuizStates(ctx context.Context, userID int64, ids []int64) ([]course.CourseQuiz, error) {
	return courseQuizzesOf(a.CourseQuizStates(ctx, userID, ids))
}

func courseQuizzesOf(list []quiz.LearnerQuiz, err error) ([]course.CourseQuiz, error) {
	out := make([]course.CourseQuiz, len(list))
	for i, q := range list {
		out[i] = course.CourseQuiz{ID: q.ID, CourseID: q.CourseID, Title: q.Title, Required: q.Required,
			AfterLesson: q.AfterLesson, MaxAttempts: q.MaxAttempts, Attempts: q.Attempts, Pending: q.Pending,
			Passed: q.Passed, Best: q.Best}
	}
	return out, err
}
