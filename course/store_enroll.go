package course

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

func getEnrollment(ctx context.Context, q db.DBTX, userID, courseID int64) (string, error) {
	var state string
	err := q.QueryRow(ctx, `SELECT state FROM enrollments WHERE user_id = $1 AND course_id = $2`, userID, courseID).Scan(&state)
	return state, db.NotFound(err, "选课记录")
}

func memberPaths(ctx context.Context, q db.DBTX, ids []int64) (map[int64]string, error) {
	rows, _ := q.Query(ctx, `SELECT user_id, unit_path::text FROM org_members WHERE user_id = ANY($1)`, ids)
	out := map[int64]string{}
	var id int64
	var path string
	_, err := pgx.ForEachRow(rows, []any{&id, &path}, func() error {
		out[id] = path
		return nil
	})
	return out, err
}

// enrollUpsert: an assignment makes an existing enrollment mandatory and
// brings its due date forward; a completed one stays completed.
const enrollUpsert = `
	ON CONFLICT (user_id, course_id) DO UPDATE SET
		assignment_id = coalesce(enrollments.assignment_id, excluded.assignment_id),
		mandatory = enrollments.mandatory OR excluded.mandatory,
		due_at = CASE WHEN enrollments.due_at IS NULL THEN excluded.due_at
		              ELSE least(enrollments.due_at, excluded.due_at) END`

func insertAssignment(ctx context.Context, q db.DBTX, by int64, path string, in AssignInput) (int64, int64, error) {
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO assignments (course_id, unit_path, mandatory, due_at, year, created_by)
		VALUES ($1, nullif($2, '')::ltree, $3, $4, $5, $6) RETURNING id`,
		in.CourseID, path, in.Mandatory, in.DueAt, in.Year, by).Scan(&id)
	if err != nil {
		return 0, 0, err
	}
	if len(in.UserIDs) > 0 {
		if _, err := q.Exec(ctx, `INSERT INTO assignment_users (assignment_id, user_id)
			SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, id, in.UserIDs); err != nil {
			return 0, 0, err
		}
	}
	tag, err := q.Exec(ctx, `
		INSERT INTO enrollments (user_id, course_id, assignment_id, mandatory, due_at, year)
		SELECT m.user_id, $2, $1, $3, $4, $5 FROM org_members m
		WHERE NOT m.disabled AND (m.unit_path <@ nullif($6, '')::ltree
		      OR m.user_id IN (SELECT user_id FROM assignment_users WHERE assignment_id = $1))
		`+enrollUpsert, id, in.CourseID, in.Mandatory, in.DueAt, in.Year, path)
	return id, tag.RowsAffected(), err
}

func insertSelfEnrollment(ctx context.Context, q db.DBTX, userID, courseID int64, year int) error {
	_, err := q.Exec(ctx, `INSERT INTO enrollments (user_id, course_id, year) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, course_id) DO NOTHING`, userID, courseID, year)
	if err != nil {
		return err
	}
	return nil
}

// syncUser enrolls one user in every assignment that covers them.
// syncUser runs on every visit to the dashboard, so it writes only the
// enrollments the assignments covering the user would add or change, as
// enrollUpsert would (mandatory if any is, the earliest due date); an
// unchanged enrollment keeps its row version.
func syncUser(ctx context.Context, q db.DBTX, userID int64) error {
	_, err := q.Exec(ctx, `
		INSERT INTO enrollments (user_id, course_id, assignment_id, mandatory, due_at, year)
		SELECT v.* FROM (
			SELECT m.user_id, a.course_id,
			       (array_agg(a.id ORDER BY a.mandatory DESC, a.due_at))[1] AS assignment_id,
			       bool_or(a.mandatory) AS mandatory, min(a.due_at) AS due_at,
			       (array_agg(a.year ORDER BY a.mandatory DESC, a.due_at))[1] AS year
			FROM org_members m JOIN assignments a ON a.unit_path @> m.unit_path
			JOIN courses c ON c.id = a.course_id AND c.state = 'published'
			WHERE m.user_id = $1 AND NOT m.disabled
			GROUP BY m.user_id, a.course_id) v
		LEFT JOIN enrollments e ON e.user_id = v.user_id AND e.course_id = v.course_id
		WHERE e.user_id IS NULL OR e.assignment_id IS NULL OR (v.mandatory AND NOT e.mandatory)
		   OR v.due_at < e.due_at OR (e.due_at IS NULL AND v.due_at IS NOT NULL)
		`+enrollUpsert, userID)
	return err
}

// syncAll enrolls everyone covered by an assignment who is not enrolled yet:
// people added to or moved into a subtree after it was assigned.
func syncAll(ctx context.Context, q db.DBTX) (int64, error) {
	tag, err := q.Exec(ctx, `
		INSERT INTO enrollments (user_id, course_id, assignment_id, mandatory, due_at, year)
		SELECT DISTINCT ON (m.user_id, a.course_id) m.user_id, a.course_id, a.id, a.mandatory, a.due_at, a.year
		FROM assignments a JOIN courses c ON c.id = a.course_id AND c.state = 'published'
		JOIN org_members m ON m.unit_path <@ a.unit_path AND NOT m.disabled
		WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = m.user_id AND e.course_id = a.course_id)
		ORDER BY m.user_id, a.course_id, a.mandatory DESC, a.due_at
		ON CONFLICT (user_id, course_id) DO NOTHING`)
	return tag.RowsAffected(), err
}

func myCourses(ctx context.Context, q db.DBTX, userID int64, now time.Time) ([]MyCourse, error) {
	rows, _ := q.Query(ctx, `
		SELECT c.id AS course_id, c.title, c.category, c.hours::float8 AS hours, e.mandatory, e.due_at, e.year,
		       e.state, coalesce(e.state <> 'completed' AND e.due_at < $2, false) AS overdue, e.completed_at,
		       CASE WHEN e.state = 'completed' THEN 100 ELSE coalesce(round(100.0 *
		         (SELECT count(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
		          WHERE p.user_id = e.user_id AND l.course_id = c.id AND l.required AND p.completed_at IS NOT NULL)
		         / nullif((SELECT count(*) FROM lessons l WHERE l.course_id = c.id AND l.required), 0)), 0) END::float8 AS percent
		FROM enrollments e JOIN courses c ON c.id = e.course_id
		WHERE e.user_id = $1 AND c.state <> 'draft'
		ORDER BY (e.state = 'completed'), coalesce(e.due_at < $2, false) DESC, e.due_at NULLS LAST, c.id`,
		userID, now)
	return pgx.CollectRows(rows, pgx.RowToStructByName[MyCourse])
}

var _ = apperr.Internal
