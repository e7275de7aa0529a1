package quiz

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/internal/apperr"
	"lms/internal/calendar"
	"lms/internal/db"
)

// Start begins an attempt, or resumes the viewer's open one: the questions,
// their option order and the deadline are fixed here, on the server.
func (s *Service) Start(ctx context.Context, v Viewer, quizID int64) (*AttemptView, error) {
	z, err := s.TakeableQuiz(ctx, v, quizID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if z.DueAt != nil && now.After(*z.DueAt) {
		return nil, apperr.Conflictf("测验已于 %s 截止", calendar.In(*z.DueAt).Format("2006-01-02 15:04"))
	}
	var a *Attempt
	var qs map[int64]*Question
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		a, qs, err = s.startTx(ctx, tx, z, v.UserID, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	var answers map[int64]*savedAnswer
	if qs != nil { // a new attempt: nothing answered yet
		answers = map[int64]*savedAnswer{}
	}
	return s.view(ctx, a, z, qs, answers, now)
}

func (s *Service) startTx(ctx context.Context, tx pgx.Tx, z *Quiz, userID int64, now time.Time) (*Attempt, map[int64]*Question, error) {
	// Concurrent starts of one learner take turns, so the attempt limit
	// and the one-open-attempt rule hold.
	if err := lockLearner(ctx, tx, z.ID, userID); err != nil {
		return nil, nil, err
	}
	prev, err := userAttempts(ctx, tx, z.ID, userID)
	if err != nil {
		return nil, nil, err
	}
	if a, err := s.resumable(ctx, tx, z, prev, now); a != nil || err != nil {
		return a, nil, err
	}
	if z.MaxAttempts > 0 && len(prev) >= z.MaxAttempts {
		return nil, nil, apperr.Conflictf("本测验最多作答 %d 次，您已用完", z.MaxAttempts)
	}
	a, qs, err := s.newAttempt(ctx, tx, z, userID, len(prev)+1, now)
	if err != nil {
		return nil, nil, err
	}
	return a, qs, s.scheduleDeadline(ctx, tx, a)
}

// resumable returns the open attempt to carry on with. One past its
// deadline is submitted first; a daily practice done today refuses.
func (s *Service) resumable(ctx context.Context, tx pgx.Tx, z *Quiz, prev []Attempt, now time.Time) (*Attempt, error) {
	today := dayOf(now)
	for i := range prev {
		a := &prev[i]
		switch {
		case a.SubmittedAt == nil && a.expired(now):
			if _, err := s.grade(ctx, tx, a, z, *a.Deadline); err != nil {
				return nil, err
			}
		case a.SubmittedAt == nil:
			return a, nil
		}
		if z.Mode == ModeDaily && a.Day != nil && a.Day.Equal(today) {
			return nil, apperr.Conflictf("今天的每日一练已经完成，明天再来")
		}
	}
	return nil, nil
}

func (s *Service) newAttempt(ctx context.Context, tx pgx.Tx, z *Quiz, userID int64, number int, now time.Time) (*Attempt, map[int64]*Question, error) {
	rng := rand.New(rand.NewPCG(uint64(now.UnixNano()), uint64(userID)<<20^uint64(number)))
	paper, err := s.drawIDs(ctx, tx, z, rng)
	if err != nil {
		return nil, nil, err
	}
	qs, err := s.cachedQuestions(ctx, tx, paperIDs(paper))
	if err != nil {
		return nil, nil, err
	}
	if err := completePaper(paper, qs, z.ShuffleOptions, rng); err != nil {
		return nil, nil, err
	}
	a := &Attempt{QuizID: z.ID, UserID: userID, Number: number, Paper: paper, StartedAt: now,
		Status: StatusOpen, MaxScore: maxScore(paper)}
	if z.Mode == ModeDaily {
		d := dayOf(now)
		a.Day = &d
	}
	if z.TimeLimitS > 0 {
		d := now.Add(z.TimeLimit())
		if z.DueAt != nil && z.DueAt.Before(d) {
			d = *z.DueAt
		}
		a.Deadline = &d
	}
	a.ID, err = insertAttempt(ctx, tx, a)
	return a, qs, err
}

// scheduleDeadline inserts, in the attempt's own transaction, the job that
// submits it at its deadline.
func (s *Service) scheduleDeadline(ctx context.Context, tx pgx.Tx, a *Attempt) error {
	if a.Deadline == nil || s.Jobs == nil {
		return nil
	}
	_, err := s.Jobs.InsertTx(ctx, tx, SubmitDueArgs{AttemptID: a.ID}, &river.InsertOpts{ScheduledAt: *a.Deadline})
	return err
}

func paperIDs(paper []PaperEntry) []int64 {
	ids := make([]int64, len(paper))
	for i, e := range paper {
		ids[i] = e.Q
	}
	return ids
}

// dayOf is the calendar day of t where the server runs.
func dayOf(t time.Time) time.Time {
	y, m, d := calendar.In(t).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
