package quiz

import (
	"context"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Attempt returns the viewer's attempt; one past its deadline is submitted
// first, so a learner who comes back late sees the result.
func (s *Service) Attempt(ctx context.Context, v Viewer, id int64) (*AttemptView, error) {
	a, err := s.ownAttempt(ctx, v, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if a.expired(now) {
		if err := s.submitDue(ctx, a.ID); err != nil {
			return nil, err
		}
		if a, err = getAttempt(ctx, s.db, id); err != nil {
			return nil, err
		}
	}
	z, err := getQuiz(ctx, s.db, a.QuizID)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, a, z, nil, nil, now)
}

// Submit grades the viewer's open attempt. Of two submits at once exactly
// one grades; the other is told the attempt is already submitted.
func (s *Service) Submit(ctx context.Context, v Viewer, id int64) (*AttemptView, error) {
	now := s.now()
	var a *Attempt
	var z *Quiz
	var g *graded
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if a, z, err = lockForGrading(ctx, tx, id); err != nil {
			return err
		}
		switch {
		case !v.ownsAttempt(a):
			return apperr.NotFoundf("答卷不存在")
		case a.SubmittedAt != nil:
			return apperr.New(apperr.Conflict, "already_submitted", "答卷已经提交过了")
		}
		at := now
		if a.expired(now) {
			at = *a.Deadline
		}
		g, err = s.grade(ctx, tx, a, z, at)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.view(ctx, a, z, g.questions, g.answers, now)
}

// submitDue submits an attempt whose deadline passed, with the answers
// saved before it; a no-op when it was submitted meanwhile.
func (s *Service) submitDue(ctx context.Context, id int64) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		a, z, err := lockForGrading(ctx, tx, id)
		if err != nil || a.SubmittedAt != nil || !a.expired(s.now()) {
			return err
		}
		_, err = s.grade(ctx, tx, a, z, *a.Deadline)
		return err
	})
}

func lockForGrading(ctx context.Context, tx pgx.Tx, id int64) (*Attempt, *Quiz, error) {
	a, err := getAttemptForUpdate(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	z, err := getQuiz(ctx, tx, a.QuizID)
	return a, z, err
}

// grade scores every question of a locked attempt and records the result,
// all in the caller's transaction. A short answer leaves it pending until
// a trainer grades it.
func (s *Service) grade(ctx context.Context, tx pgx.Tx, a *Attempt, z *Quiz, at time.Time) (*graded, error) {
	qs, err := s.currentQuestions(ctx, tx, paperIDs(a.Paper))
	if err != nil {
		return nil, err
	}
	answers, err := attemptAnswers(ctx, tx, a.ID)
	if err != nil {
		return nil, err
	}
	scores := make([]*float64, len(a.Paper))
	for i, e := range a.Paper {
		scores[i] = scoreOf(qs[e.Q], answers[e.Q], e.P, z.PartialCredit)
		if answers[e.Q] == nil {
			answers[e.Q] = &savedAnswer{QuestionID: e.Q}
		}
		answers[e.Q].Score = scores[i]
	}
	if err := writeScores(ctx, tx, a.ID, a.Paper, scores); err != nil {
		return nil, err
	}
	a.SubmittedAt = &at
	return &graded{questions: qs, answers: answers}, s.finish(ctx, tx, a, z, scores)
}

// graded is what grading loaded and scored, to show the result without
// reading it all again.
type graded struct {
	questions map[int64]*Question
	answers   map[int64]*savedAnswer
}

// scoreOf is nil for an answered short answer: a trainer scores it.
func scoreOf(q *Question, ans *savedAnswer, points float64, partial bool) *float64 {
	var r Response
	if ans != nil {
		r = ans.Response
	}
	zero := 0.0
	if q == nil || r.Empty() {
		return &zero
	}
	f, manual := Grade(q, r, partial)
	if manual {
		return nil
	}
	sc := round2(f * points)
	return &sc
}

// finish sets the attempt's score, percent and pass once every question
// has a score, and tells the course when a course quiz is passed.
func (s *Service) finish(ctx context.Context, tx pgx.Tx, a *Attempt, z *Quiz, scores []*float64) error {
	total, pending := 0.0, false
	for _, sc := range scores {
		if sc == nil {
			pending = true
			continue
		}
		total += *sc
	}
	a.Status, a.Score, a.Percent, a.Passed = StatusPending, nil, nil, nil
	if !pending {
		pct := 100.0
		if a.MaxScore > 0 {
			pct = round2(total / a.MaxScore * 100)
		}
		passed := pct >= z.PassMark
		total = round2(total)
		a.Status, a.Score, a.Percent, a.Passed = StatusGraded, &total, &pct, &passed
	}
	if err := updateResult(ctx, tx, a); err != nil {
		return err
	}
	if a.Passed != nil && *a.Passed && z.CourseID != nil && s.OnPassed != nil {
		if err := s.OnPassed(ctx, tx, a.UserID, *z.CourseID); err != nil {
			return err
		}
	}
	// After the course's completion, which locks the enrollment before the
	// account: every path takes the two in that order.
	if s.Reporter == nil {
		return nil
	}
	return s.Reporter.AttemptsGraded(ctx, tx, a.UserID, a.QuizID)
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
