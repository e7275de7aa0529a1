package main

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/org"
	"lms/quiz"
)

// wireQuiz builds the quiz service and joins it to courses: a course asks
// whether its required quizzes are passed, a passing grade checks the
// course's completion inside the grading transaction, and a course's quiz
// is open to the learners enrolled in it and managed by its trainers.
func (a *App) wireQuiz() {
	a.Quiz = quiz.NewService(a.Pool)
	a.Course.Quiz = quizzesForCourse{a.Quiz}
	a.Quiz.Courses = coursesForQuiz{a.Course}
	a.Quiz.OnPassed = func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error {
		_, err := a.Course.CheckCompletion(ctx, tx, userID, courseID)
		return err
	}
	a.Quiz.Enrolled = func(ctx context.Context, userID, courseID int64) (bool, error) {
		states, err := a.Course.EnrolledIn(ctx, &org.Actor{UserID: userID}, []int64{courseID})
		_, ok := states[courseID]
		return ok, err
	}
}
