package course

import (
	"context"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// CheckCompletion completes a learner's enrollment once every required
// lesson is complete and every required quiz passed, and credits the
// course's hours in the ledger, once. It runs inside the caller's
// transaction (the heartbeat batch, or quiz grading) and reports whether
// the course completed now.
func (s *Service) CheckCompletion(ctx context.Context, tx pgx.Tx, userID, courseID int64) (bool, error) {
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
	if done, err := s.reflectionDone(ctx, tx, userID, courseID); err != nil || !done {
		return false, err
	}
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

func requiredLeft(ctx context.Context, q db.DBTX, userID, courseID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `
		SELECT count(*) FROM lessons l
		LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = $1
		WHERE l.course_id = $2 AND l.required AND p.completed_at IS NULL`, userID, courseID).Scan(&n)
	return n, err
}

func completeEnrollment(ctx context.Context, q db.DBTX, userID, courseID int64) (int, float64, bool, error) {
	var year int
	var hours float64
	err := q.QueryRow(ctx, `
		UPDATE enrollments e SET state = 'completed', completed_at = now(), overdue = false,
			started_at = coalesce(started_at, now())
		FROM courses c WHERE c.id = e.course_id AND e.user_id = $1 AND e.course_id = $2 AND e.state <> 'completed'
		RETURNING e.year, c.hours::float8`, userID, courseID).Scan(&year, &hours)
	if err == pgx.ErrNoRows {
		return 0, 0, false, nil
	}
	return year, hours, err == nil, err
}

func creditedOn(ctx context.Context, q db.DBTX, userID int64, day time.Time) (float64, error) {
	var h float64
	err := q.QueryRow(ctx, `SELECT coalesce(sum(hours), 0)::float8 FROM credit_ledger
		WHERE user_id = $1 AND credited_on = $2::date`, userID, day).Scan(&h)
	return h, err
}

func insertCredit(ctx context.Context, q db.DBTX, userID, courseID int64, year int, hours float64, day time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO credit_ledger (user_id, course_id, year, hours, credited_on)
		VALUES ($1, $2, $3, $4, $5::date) ON CONFLICT (user_id, course_id) DO NOTHING`,
		userID, courseID, year, hours, day)
	return err
}

// requirementFor picks the requirement of the learner's nearest unit that
// has one, a rule for their rank before the unit's general rule.
func requirementFor(ctx context.Context, q db.DBTX, userID int64) (*Requirement, error) {
	rows, _ := q.Query(ctx, `
		SELECT r.id, r.unit_path::text AS unit_path, r.rank, r.hours::float8 AS hours, r.cycle_years,
		       r.start_year, r.daily_cap::float8 AS daily_cap
		FROM requirements r JOIN org_members m ON r.unit_path @> m.unit_path AND (r.rank = '' OR r.rank = m.rank)
		WHERE m.user_id = $1
		ORDER BY nlevel(r.unit_path) DESC, (r.rank = '') LIMIT 1`, userID)
	reqs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Requirement])
	if err != nil || len(reqs) == 0 {
		return nil, err
	}
	return &reqs[0], nil
}
