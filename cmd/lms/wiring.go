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
