package app

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/org"
	"lms/quiz"
)

// wireQuiz builds the quiz service and joins it to courses: a course asks
// whether its required quizzes are passed, a passing grade checks the
// course's completion inside the grading transaction, and a course's quiz
// is open to the learners enrolled in it and managed by its trainers.
func (a *App) wireQuiz() error {
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
	return nil
}

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
