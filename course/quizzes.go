package course

import (
	"context"

	"lms/org"
)

// CourseQuiz is a quiz of a course as the outline shows it, with one
// learner's standing in it. The quiz feature fills it (see Quizzes).
type CourseQuiz struct {
	ID          int64
	CourseID    int64
	Title       string
	Required    bool
	AfterLesson int64 // the lesson it follows; 0: after the last
	MaxAttempts int   // 0: no limit
	Attempts    int   // submitted attempts
	Pending     bool  // waiting for a trainer's grade
	Passed      bool
	Best        float64 // best graded percent
}

// State is the learner's standing: not_started, passed, pending, again
// (attempts left) or failed.
func (q CourseQuiz) State() string {
	switch {
	case q.Passed:
		return "passed"
	case q.Pending:
		return "pending"
	case q.Attempts == 0:
		return "not_started"
	case q.MaxAttempts == 0 || q.AttemptsLeft() > 0:
		return "again"
	}
	return "failed"
}

// AttemptsLeft is how many more attempts the learner may make; -1 for no limit.
func (q CourseQuiz) AttemptsLeft() int {
	if q.MaxAttempts == 0 {
		return -1
	}
	return max(0, q.MaxAttempts-q.Attempts)
}

// CourseQuizzes lists a course's quizzes with the actor's standing in each.
func (s *Service) CourseQuizzes(ctx context.Context, a *org.Actor, courseID int64) ([]CourseQuiz, error) {
	return s.QuizzesOfCourses(ctx, a, []int64{courseID})
}

// QuizzesOfCourses lists the quizzes of several courses, for 测验考试.
func (s *Service) QuizzesOfCourses(ctx context.Context, a *org.Actor, ids []int64) ([]CourseQuiz, error) {
	if s.Quiz == nil || len(ids) == 0 {
		return nil, nil
	}
	return s.Quiz.QuizStates(ctx, a.UserID, ids)
}

// QuizzesAfter places quizzes in an outline: by the lesson they follow, a
// quiz whose lesson is gone (or none) under 0, after the last lesson.
func QuizzesAfter(chapters []Chapter, quizzes []CourseQuiz) map[int64][]CourseQuiz {
	in := map[int64]bool{}
	for _, ch := range chapters {
		for _, l := range ch.Lessons {
			in[l.ID] = true
		}
	}
	out := make(map[int64][]CourseQuiz, len(quizzes))
	for _, q := range quizzes {
		at := q.AfterLesson
		if !in[at] {
			at = 0
		}
		out[at] = append(out[at], q)
	}
	return out
}

// leftToPass fills each unfinished course's Left with the titles of the
// required quizzes not passed yet.
func (s *Service) leftToPass(ctx context.Context, userID int64, list []MyCourse) error {
	var ids []int64
	at := map[int64]int{}
	for i, mc := range list {
		if mc.State != "completed" {
			ids = append(ids, mc.CourseID)
			at[mc.CourseID] = i
		}
	}
	if s.Quiz == nil || len(ids) == 0 {
		return nil
	}
	qs, err := s.Quiz.QuizStates(ctx, userID, ids)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if i, ok := at[q.CourseID]; ok && q.Required && !q.Passed {
			list[i].Left = append(list[i].Left, q.Title)
		}
	}
	return nil
}
