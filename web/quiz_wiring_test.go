package web

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/org"
	"lms/quiz"
)

// courseStaff is course as quiz sees it, joined as cmd/lms joins them.
type courseStaff struct{ c *course.Service }

func (a courseStaff) Staff(ctx context.Context, ids []int64) (map[int64]quiz.CourseStaff, error) {
	found, err := a.c.Teaching(ctx, ids)
	out := make(map[int64]quiz.CourseStaff, len(found))
	for id, c := range found {
		out[id] = quiz.CourseStaff{UnitPath: c.UnitPath, Teachers: c.OwnerIDs}
	}
	return out, err
}

func wireQuizToCourses(qz *quiz.Service, crs *course.Service) {
	qz.Courses = courseStaff{crs}
	qz.OnPassed = func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error {
		_, err := crs.CheckCompletion(ctx, tx, userID, courseID)
		return err
	}
	qz.Enrolled = func(ctx context.Context, userID, courseID int64) (bool, error) {
		states, err := crs.EnrolledIn(ctx, &org.Actor{UserID: userID}, []int64{courseID})
		_, ok := states[courseID]
		return ok, err
	}
}

// quizStates is quiz as course sees it, joined as cmd/lms joins them.
type quizStates struct{ *quiz.Service }

func (a quizStates) QuizStates(ctx context.Context, userID int64, ids []int64) ([]course.CourseQuiz, error) {
	list, err := a.CourseQuizStates(ctx, userID, ids)
	out := make([]course.CourseQuiz, len(list))
	for i, q := range list {
		out[i] = course.CourseQuiz{ID: q.ID, CourseID: q.CourseID, Title: q.Title, Required: q.Required,
			AfterLesson: q.AfterLesson, MaxAttempts: q.MaxAttempts, Attempts: q.Attempts, Pending: q.Pending,
			Passed: q.Passed, Best: q.Best}
	}
	return out, err
}
