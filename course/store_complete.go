package course

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// lockOpenEnrollment locks the learner's enrollment in the course unless
// it is completed, and says whether it was open.
func lockOpenEnrollment(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error) {
	var open bool
	err := q.QueryRow(ctx, `SELECT true FROM enrollments
		WHERE user_id = $1 AND course_id = $2 AND state <> 'completed' FOR UPDATE`, userID, courseID).Scan(&open)
	if err == pgx.ErrNoRows {
		return false, nil
	}
	return open, err
}

// lockEnrollments locks the named enrollments, in id order, and returns
// their states.
func lockEnrollments(ctx context.Context, q db.DBTX, p pairs) (map[[2]int64]string, error) {
	rows, _ := q.Query(ctx, `SELECT e.user_id, e.course_id, e.state FROM enrollments e
		JOIN unnest($1::bigint[], $2::bigint[]) AS v(u, c) ON e.user_id = v.u AND e.course_id = v.c
		ORDER BY e.id FOR UPDATE OF e`, p.users, p.courses)
	out := map[[2]int64]string{}
	var pair [2]int64
	var state string
	_, err := pgx.ForEachRow(rows, []any{&pair[0], &pair[1], &state}, func() error {
		out[pair] = state
		return nil
	})
	return out, err
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

func transcriptEntries(ctx context.Context, q db.DBTX, userID int64, from, to int) ([]TranscriptEntry, error) {
	rows, _ := q.Query(ctx, `
		SELECT c.id AS course_id, c.title, c.category, l.credited_at AS completed_at, l.year, l.hours::float8 AS hours
		FROM credit_ledger l JOIN courses c ON c.id = l.course_id
		WHERE l.user_id = $1 AND l.year BETWEEN $2 AND $3 ORDER BY l.credited_at`, userID, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[TranscriptEntry])
}

func upsertRequirement(ctx context.Context, q db.DBTX, path string, in RequirementInput) error {
	_, err := q.Exec(ctx, `
		INSERT INTO requirements (unit_path, rank, hours, cycle_years, start_year, daily_cap)
		VALUES ($1::ltree, $2, $3, $4, $5, $6)
		ON CONFLICT (unit_path, rank) DO UPDATE SET hours = excluded.hours, cycle_years = excluded.cycle_years,
			start_year = excluded.start_year, daily_cap = excluded.daily_cap`,
		path, in.Rank, in.Hours, in.CycleYears, in.StartYear, in.DailyCap)
	return err
}
