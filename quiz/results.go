package quiz

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Results is what a trainer sees of a quiz.
type Results struct {
	Quiz      *Quiz          `json:"quiz"`
	Attempts  int            `json:"attempts"`
	Submitted int            `json:"submitted"`
	Learners  int            `json:"learners"`
	Passed    int            `json:"passed"`
	Pending   int            `json:"pending"`
	Average   float64        `json:"average"`
	Buckets   [10]int        `json:"buckets"` // percent 0-9, 10-19, … 90-100
	Hardest   []QuestionStat `json:"hardest"`
	Rows      []AttemptRow   `json:"rows"`
}

// QuestionStat is how a question fared: CorrectRate is the mean share of
// its points earned (0..1).
type QuestionStat struct {
	QuestionID  int64   `json:"question_id"`
	Type        Type    `json:"type"`
	Stem        string  `json:"stem"`
	Answered    int     `json:"answered"`
	CorrectRate float64 `json:"correct_rate"`
}

// AttemptRow is one attempt in the trainer's list; the web layer adds the
// learner's name.
type AttemptRow struct {
	ID          int64      `json:"id"`
	UserID      int64      `json:"user_id"`
	Number      int        `json:"number"`
	StartedAt   time.Time  `json:"started_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
	Status      string     `json:"status"`
	Score       *float64   `json:"score"`
	MaxScore    float64    `json:"max_score"`
	Percent     *float64   `json:"percent"`
	Passed      *bool      `json:"passed"`
}

// Results gathers a quiz's statistics for a viewer who manages it.
func (s *Service) Results(ctx context.Context, v Viewer, quizID int64) (*Results, error) {
	z, err := s.ManagedQuiz(ctx, v, quizID)
	if err != nil {
		return nil, err
	}
	r := &Results{Quiz: z}
	if err := quizTotals(ctx, s.db, quizID, r); err != nil {
		return nil, err
	}
	if r.Buckets, err = percentBuckets(ctx, s.db, quizID); err != nil {
		return nil, err
	}
	if r.Hardest, err = hardestQuestions(ctx, s.db, quizID, 10); err != nil {
		return nil, err
	}
	r.Rows, err = attemptRows(ctx, s.db, quizID, 1000)
	return r, err
}

// TrainerAttempt is an attempt with every answer and the answer key, for a
// trainer who manages its quiz (and grades its short answers).
func (s *Service) TrainerAttempt(ctx context.Context, v Viewer, attemptID int64) (*AttemptView, error) {
	a, err := getAttempt(ctx, s.db, attemptID)
	if err != nil {
		return nil, err
	}
	z, err := s.ManagedQuiz(ctx, v, a.QuizID)
	if err != nil {
		return nil, apperr.NotFoundf("答卷不存在")
	}
	view, err := s.view(ctx, a, z, nil, nil, s.now())
	if err != nil || a.SubmittedAt == nil {
		return view, err
	}
	// The trainer always sees the key, whatever learners are shown.
	qs, err := questionsByID(ctx, s.db, paperIDs(a.Paper))
	if err != nil {
		return nil, err
	}
	answers, err := attemptAnswers(ctx, s.db, a.ID)
	if err != nil {
		return nil, err
	}
	for i, e := range a.Paper {
		view.Questions[i] = viewQuestion(i+1, e, qs[e.Q], answers[e.Q], true)
	}
	return view, nil
}

// GradeAnswer sets a trainer's score for a short answer. When it was the
// last one waiting, the attempt's result follows in the same transaction.
func (s *Service) GradeAnswer(ctx context.Context, v Viewer, attemptID, questionID int64, score float64) error {
	a, err := getAttempt(ctx, s.db, attemptID)
	if err != nil {
		return err
	}
	if _, err := s.ManagedQuiz(ctx, v, a.QuizID); err != nil {
		return apperr.NotFoundf("答卷不存在")
	}
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		a, z, err := lockForGrading(ctx, tx, attemptID)
		if err != nil {
			return err
		}
		e, ok := a.entry(questionID)
		switch {
		case a.SubmittedAt == nil:
			return apperr.Conflictf("答卷尚未提交")
		case !ok || e.T != Short:
			return apperr.Invalidf("只有简答题需要人工评分")
		case score < 0 || score > e.P:
			return apperr.Invalidf("得分须在 0 到 %s 之间", num(e.P))
		}
		if err := setManualScore(ctx, tx, attemptID, questionID, round2(score), v.UserID); err != nil {
			return err
		}
		scores, err := paperScores(ctx, tx, a)
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, a, z, scores)
	})
}

// MyAttempts lists the viewer's attempts at a quiz.
func (s *Service) MyAttempts(ctx context.Context, v Viewer, quizID int64) ([]Attempt, error) {
	return userAttempts(ctx, s.db, quizID, v.UserID)
}

// Streak counts the days in a row, up to today (or yesterday, while today's
// is still to do), on which the user finished a daily practice.
func (s *Service) Streak(ctx context.Context, userID int64) (int, error) {
	days, err := dailyDays(ctx, s.db, userID)
	if err != nil {
		return 0, err
	}
	return streak(days, dayOf(s.now())), nil
}

// streak counts consecutive days back from today in days (newest first).
func streak(days []time.Time, today time.Time) int {
	n := 0
	want := today
	for i, d := range days {
		if i == 0 && d.Equal(today.AddDate(0, 0, -1)) {
			want = d
		}
		if !d.Equal(want) {
			break
		}
		n++
		want = want.AddDate(0, 0, -1)
	}
	return n
}

// HasPassed reports whether the attempt is graded and passed, for pages.
func (r AttemptRow) HasPassed() bool { return r.Passed != nil && *r.Passed }
