package course

import (
	"context"
	"math"

	"github.com/jackc/pgx/v5"
)

// CheckCompletion completes a learner's enrollment once every required
// lesson is complete and every required quiz passed, and credits the
// course's hours in the ledger, once. It runs inside the caller's
// transaction (quiz grading) and reports whether the course completed now.
func (s *Service) CheckCompletion(ctx context.Context, tx pgx.Tx, userID, courseID int64) (bool, error) {
	open, err := lockOpenEnrollment(ctx, tx, userID, courseID)
	if err != nil || !open {
		return false, err
	}
	ready, err := s.completable(ctx, tx, userID, courseID)
	if err != nil || !ready {
		return false, err
	}
	p := ofUser(userID, []int64{courseID})
	if err := s.reportChanging(ctx, tx, p); err != nil {
		return false, err
	}
	done, err := s.complete(ctx, tx, userID, courseID)
	if err != nil {
		return false, err
	}
	return done, s.reportChanged(ctx, tx, p)
}

// completable: every required lesson complete, every required quiz passed,
// and the reflection approved where the course requires one.
func (s *Service) completable(ctx context.Context, tx pgx.Tx, userID, courseID int64) (bool, error) {
	left, err := requiredLeft(ctx, tx, userID, courseID)
	if err != nil || left > 0 {
		return false, err
	}
	if s.Quiz != nil {
		passed, err := s.Quiz.RequiredQuizzesPassed(ctx, tx, userID, courseID)
		if err != nil || !passed {
			return false, err
		}
	}
	return s.reflectionDone(ctx, tx, userID, courseID)
}

// complete marks the enrollment completed and credits its hours; the
// caller has locked it and told the report.
func (s *Service) complete(ctx context.Context, tx pgx.Tx, userID, courseID int64) (bool, error) {
	year, hours, done, err := completeEnrollment(ctx, tx, userID, courseID)
	if err != nil || !done {
		return false, err
	}
	return true, s.credit(ctx, tx, userID, courseID, year, hours)
}

// credit writes the ledger entry, within the learner's daily cap if their
// requirement has one.
func (s *Service) credit(ctx context.Context, tx pgx.Tx, userID, courseID int64, year int, hours float64) error {
	today := s.now()
	req, err := requirementFor(ctx, tx, userID)
	if err != nil {
		return err
	}
	if req != nil && req.DailyCap != nil {
		already, err := creditedOn(ctx, tx, userID, today)
		if err != nil {
			return err
		}
		hours = math.Max(0, math.Min(hours, *req.DailyCap-already))
	}
	return insertCredit(ctx, tx, userID, courseID, year, hours, today)
}

// Requirement is the study hours a learner owes per cycle.
type Requirement struct {
	ID         int64    `json:"id"`
	UnitPath   string   `json:"-"`
	Rank       string   `json:"rank"`
	Hours      float64  `json:"hours"`
	CycleYears int      `json:"cycle_years"`
	StartYear  int      `json:"start_year"`
	DailyCap   *float64 `json:"daily_cap"`
}

// Cycle returns the years of the cycle that contains year.
func (r Requirement) Cycle(year int) (from, to int) {
	n := max(r.CycleYears, 1)
	from = year - ((year-r.StartYear)%n+n)%n
	return from, from + n - 1
}
