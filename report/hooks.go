package report

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"lms/org"
)

// The report's sums follow the changes of course, quiz and org: each of
// those features declares what it reports (course.Reporter, quiz.Reporter,
// org.Reporter) and calls it inside the transaction of its change; the
// methods below implement them. The arguments are plain ids so that no
// adapter stands between the features.
//
// A change of rows that already exist is reported twice: Changing before
// it (the rows locked by their owner, their old contribution leaves the
// sums) and Changed after it (the new contribution enters). New rows are
// reported only as Changed.

// EnrollmentsChanging takes the learners' account locks (in id order, so
// that a move of their account waits, or is waited for, before any sum is
// touched) and removes what these enrollments and their credit add to the
// sums. users[i] and courses[i] name one enrollment.
func (s *Service) EnrollmentsChanging(ctx context.Context, tx pgx.Tx, users, courses []int64) error {
	return s.moveEnrollments(ctx, tx, users, courses, -1)
}

// EnrollmentsChanged adds what these enrollments and their credit add to
// the sums now.
func (s *Service) EnrollmentsChanged(ctx context.Context, tx pgx.Tx, users, courses []int64) error {
	return s.moveEnrollments(ctx, tx, users, courses, 1)
}

func (s *Service) moveEnrollments(ctx context.Context, tx pgx.Tx, users, courses []int64, sign int) error {
	if len(users) == 0 {
		return nil
	}
	if err := org.LockAccounts(ctx, tx, distinct(users)); err != nil {
		return err
	}
	return addEnrollments(ctx, tx, users, courses, sign)
}

// OtherCredited moves offline hours (a class's 结业, an approved claim,
// or, negated, their withdrawal) into the people's rows of their years.
// Only report_person_year holds them: unit figures sum those rows.
func (s *Service) OtherCredited(ctx context.Context, tx pgx.Tx, users []int64, years []int, hours []float64) error {
	if len(users) == 0 {
		return nil
	}
	if err := org.LockAccounts(ctx, tx, distinct(users)); err != nil {
		return err
	}
	return addOffline(ctx, tx, users, years, hours)
}

// AttemptsGraded recomputes a person's best result in a quiz after one of
// their attempts was graded, regraded or reopened.
func (s *Service) AttemptsGraded(ctx context.Context, tx pgx.Tx, userID, quizID int64) error {
	if err := org.LockAccounts(ctx, tx, []int64{userID}); err != nil {
		return err
	}
	return refreshQuizBest(ctx, tx, userID, quizID)
}

// AccountsChanging removes the people's head counts and, for the active
// ones, their figures from their unit's sums, before org changes their
// unit, rank or state. org holds their accounts locked for update.
func (s *Service) AccountsChanging(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if err := addHeads(ctx, tx, ids, -1); err != nil {
		return err
	}
	return rehome(ctx, tx, ids, -1)
}

// AccountsChanged counts the people under their unit, rank and state as
// they are now: new accounts, or changed ones after AccountsChanging.
func (s *Service) AccountsChanged(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if err := addHeads(ctx, tx, ids, 1); err != nil {
		return err
	}
	if err := relabelPeople(ctx, tx, ids); err != nil {
		return err
	}
	return rehome(ctx, tx, ids, 1)
}

func distinct(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
