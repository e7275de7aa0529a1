package quiz

import (
	"context"

	"lms/internal/apperr"
)

// LearnerQuiz is a course's quiz as its outline shows it, with one
// learner's standing in it.
type LearnerQuiz struct {
	ID          int64   `json:"id"`
	CourseID    int64   `json:"course_id"`
	Title       string  `json:"title"`
	Required    bool    `json:"required"`
	AfterLesson int64   `json:"after_lesson"` // 0: after the last lesson
	MaxAttempts int     `json:"max_attempts"` // 0: no limit
	Attempts    int     `json:"attempts"`     // submitted ones
	Pending     bool    `json:"pending"`      // submitted, waiting for a trainer's grade
	Passed      bool    `json:"passed"`
	Best        float64 `json:"best"` // best percent of a graded attempt
}

// CourseQuizStates lists the quizzes of the given courses, in outline
// order, with the user's standing in each. Daily practice is not a step of
// a course and is left out.
func (s *Service) CourseQuizStates(ctx context.Context, userID int64, courseIDs []int64) ([]LearnerQuiz, error) {
	if len(courseIDs) == 0 {
		return nil, nil
	}
	return learnerQuizzes(ctx, s.db, userID, courseIDs)
}

// PlaceQuiz puts a course's quiz after a lesson of its outline (0: at the
// end). The caller vouches that the lesson belongs to the course.
func (s *Service) PlaceQuiz(ctx context.Context, v Viewer, quizID, courseID, afterLesson int64) error {
	z, err := s.ManagedQuiz(ctx, v, quizID)
	if err != nil {
		return err
	}
	if z.CourseID == nil || *z.CourseID != courseID {
		return apperr.NotFoundf("该课程没有这个测验")
	}
	return setQuizPlace(ctx, s.db, quizID, afterLesson)
}
