package course

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func enrollmentOf(ctx context.Context, q db.DBTX, userID, courseID int64, now time.Time) (*Enrollment, error) {
	rows, _ := q.Query(ctx, `
		SELECT state, mandatory, due_at, year, coalesce(state <> 'completed' AND due_at < $3, false) AS overdue, completed_at
		FROM enrollments WHERE user_id = $1 AND course_id = $2`, userID, courseID, now)
	e, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Enrollment])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return e, err
}

// progressInCourse reads a learner's progress rows in one course, by lesson.
func progressInCourse(ctx context.Context, q db.DBTX, userID, courseID int64) (map[int64]Progress, error) {
	rows, _ := q.Query(ctx, `SELECT `+progressCols+` FROM lesson_progress WHERE user_id = $1 AND course_id = $2`,
		userID, courseID)
	out := map[int64]Progress{}
	var r progressRow
	_, err := pgx.ForEachRow(rows, r.dest(), func() error {
		out[r.lesson] = r.progress()
		return nil
	})
	return out, err
}

func unreadCount(ctx context.Context, q db.DBTX, userID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

func enrollmentStates(ctx context.Context, q db.DBTX, userID int64, courseIDs []int64) (map[int64]string, error) {
	rows, _ := q.Query(ctx, `SELECT course_id, state FROM enrollments WHERE user_id = $1 AND course_id = ANY($2)`,
		userID, courseIDs)
	out := map[int64]string{}
	var id int64
	var state string
	_, err := pgx.ForEachRow(rows, []any{&id, &state}, func() error {
		out[id] = state
		return nil
	})
	return out, err
}

func publishedCourses(ctx context.Context, q db.DBTX, query string, limit int) ([]Course, error) {
	rows, _ := q.Query(ctx, courseSelect+`
		WHERE c.state = 'published' AND ($1 = '' OR c.title ILIKE '%' || $1 || '%')
		ORDER BY c.published_at DESC NULLS LAST, c.id DESC LIMIT $2`, query, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Course])
}

func listRequirements(ctx context.Context, q db.DBTX, scopes []string, all bool) ([]Requirement, error) {
	rows, _ := q.Query(ctx, `
		SELECT id, unit_path::text AS unit_path, rank, hours::float8 AS hours, cycle_years, start_year,
		       daily_cap::float8 AS daily_cap
		FROM requirements WHERE $2 OR unit_path <@ $1::text[]::ltree[]
		ORDER BY unit_path, rank`, scopes, all)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Requirement])
}

func assetViewer(ctx context.Context, q db.DBTX, userID, assetID int64) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM lessons l WHERE l.media_asset_id = $2 AND (
			EXISTS (SELECT 1 FROM enrollments e WHERE e.course_id = l.course_id AND e.user_id = $1)
			OR EXISTS (SELECT 1 FROM course_owners o WHERE o.course_id = l.course_id AND o.user_id = $1)))`,
		userID, assetID).Scan(&ok)
	return ok, err
}
