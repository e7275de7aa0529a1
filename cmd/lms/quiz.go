package main

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/quiz"
)

// wireQuiz builds the quiz service and joins it to courses: a course asks
// whether its required quizzes are passed, and a passing grade checks the
// course's completion inside the grading transaction.
func (a *App) wireQuiz() {
	a.Quiz = quiz.NewService(a.Pool)
	a.Course.Quiz = a.Quiz
	a.Quiz.OnPassed = func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error {
		_, err := a.Course.CheckCompletion(ctx, tx, userID, courseID)
		return err
	}
}
