package report

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

type member struct {
	UserID   int64  `db:"user_id"`
	UnitID   int64  `db:"unit_id"`
	UnitPath string `db:"unit_path"`
	Rank     string `db:"rank"`
	Disabled bool   `db:"disabled"`
}

func getMember(ctx context.Context, q db.DBTX, userID int64) (*member, error) {
	rows, _ := q.Query(ctx, `SELECT user_id, unit_id, unit_path::text AS unit_path, rank, disabled FROM org_members WHERE user_id = $1`, userID)
	m, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[member])
	return m, db.NotFound(err, "用户")
}

func courseLines(ctx context.Context, q db.DBTX, userID int64, year int) ([]CourseLine, error) {
	rows, _ := q.Query(ctx, `
		SELECT f.course_id, f.course_title AS title, f.category, f.course_hours::float8 AS course_hours, f.mandatory,
		       f.state, coalesce(f.overdue, false) AS overdue, f.due_at, f.enrolled_at, f.started_at, f.completed_at,
		       f.credited_hours::float8 AS credited, b.score::float8 AS quiz_score, b.passed AS quiz_passed,
		       round(w.score::numeric, 2)::float8 AS courseware_score
		FROM course_enrollment_facts f
		LEFT JOIN LATERAL (SELECT max(a.score) AS score, bool_or(a.passed) AS passed FROM quiz_attempt_facts a
		                   WHERE a.user_id = f.user_id AND a.course_id = f.course_id HAVING count(*) > 0) b ON true
		LEFT JOIN LATERAL (SELECT avg(x.score) AS score FROM scorm_score_facts x
		                   WHERE x.user_id = f.user_id AND x.course_id = f.course_id) w ON true
		WHERE f.user_id = $1 AND f.year = $2
		ORDER BY coalesce(f.overdue, false) DESC, f.state = 'completed', f.due_at NULLS LAST, f.course_id`, userID, year)
	return pgx.CollectRows(rows, pgx.RowToStructByName[CourseLine])
}

// offlineLines reads course's published offline entries of the year.
func offlineLines(ctx context.Context, q db.DBTX, userID int64, year int) ([]OfflineLine, error) {
	rows, _ := q.Query(ctx, `
		SELECT kind, ref_id, title, hours::float8 AS hours, credited_at FROM course_other_credit_facts
		WHERE user_id = $1 AND year = $2 ORDER BY credited_at, kind, ref_id`, userID, year)
	return pgx.CollectRows(rows, pgx.RowToStructByName[OfflineLine])
}
