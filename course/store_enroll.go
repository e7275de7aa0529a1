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

// An assignment makes an existing enrollment mandatory and brings its due
// date forward; a completed one stays completed. The existing enrollments
// are locked and changed first, the new ones inserted after (never
// upserted), so that the report learns of each change with its old rows
// still to be read (course.Reporter).
const enrollUpgrade = `
	assignment_id = coalesce(e.assignment_id, v.assignment_id),
	mandatory = e.mandatory OR v.mandatory,
	due_at = CASE WHEN e.due_at IS NULL THEN v.due_at ELSE least(e.due_at, v.due_at) END`

// assignedMembers: the active people an assignment covers ($1 the
// assignment, $2 its unit path or ”).
const assignedMembers = `
	SELECT m.user_id FROM org_members m
	WHERE NOT m.disabled AND (m.unit_path <@ nullif($2, '')::ltree
	      OR m.user_id IN (SELECT user_id FROM assignment_users WHERE assignment_id = $1))`

func insertAssignment(ctx context.Context, q db.DBTX, by int64, path string, in AssignInput) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO assignments (course_id, unit_path, mandatory, due_at, year, created_by)
		VALUES ($1, nullif($2, '')::ltree, $3, $4, $5, $6) RETURNING id`,
		in.CourseID, path, in.Mandatory, in.DueAt, in.Year, by).Scan(&id)
	if err != nil || len(in.UserIDs) == 0 {
		return id, err
	}
	_, err = q.Exec(ctx, `INSERT INTO assignment_users (assignment_id, user_id)
		SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, id, in.UserIDs)
	return id, err
}

// lockAssigned locks the enrollments in the course of the people the
// assignment covers who are enrolled already, and returns those people.
func lockAssigned(ctx context.Context, q db.DBTX, id, courseID int64, path string) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT e.user_id FROM enrollments e
		WHERE e.course_id = $3 AND e.user_id IN (`+assignedMembers+`)
		ORDER BY e.id FOR UPDATE`, id, path, courseID)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func upgradeAssigned(ctx context.Context, q db.DBTX, id int64, in AssignInput, users []int64) error {
	_, err := q.Exec(ctx, `UPDATE enrollments e SET `+enrollUpgrade+`
		FROM (SELECT $1::bigint AS assignment_id, $3::boolean AS mandatory, $4::timestamptz AS due_at) v
		WHERE e.course_id = $2 AND e.user_id = ANY ($5)`, id, in.CourseID, in.Mandatory, in.DueAt, users)
	return err
}

// insertAssigned enrolls the covered people not enrolled yet and returns
// them.
func insertAssigned(ctx context.Context, q db.DBTX, id int64, path string, in AssignInput) ([]int64, error) {
	rows, _ := q.Query(ctx, `
		INSERT INTO enrollments (user_id, course_id, assignment_id, mandatory, due_at, year)
		SELECT a.user_id, $3, $1, $4, $5, $6 FROM (`+assignedMembers+`) a
		ON CONFLICT (user_id, course_id) DO NOTHING RETURNING user_id`,
		id, path, in.CourseID, in.Mandatory, in.DueAt, in.Year)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func insertSelfEnrollment(ctx context.Context, q db.DBTX, userID, courseID int64, year int) (bool, error) {
	tag, err := q.Exec(ctx, `INSERT INTO enrollments (user_id, course_id, year) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, course_id) DO NOTHING`, userID, courseID, year)
	return tag.RowsAffected() == 1, err
}

// syncWanted is, for user $1, the enrollment each published assignment
// covering them asks for: mandatory if any is, the earliest due date.
const syncWanted = `
	SELECT m.user_id, a.course_id,
	       (array_agg(a.id ORDER BY a.mandatory DESC, a.due_at))[1] AS assignment_id,
	       bool_or(a.mandatory) AS mandatory, min(a.due_at) AS due_at,
	       (array_agg(a.year ORDER BY a.mandatory DESC, a.due_at))[1] AS year
	FROM org_members m JOIN assignments a ON a.unit_path @> m.unit_path
	JOIN courses c ON c.id = a.course_id AND c.state = 'published'
	WHERE m.user_id = $1 AND NOT m.disabled
	GROUP BY m.user_id, a.course_id`

// lockSyncStale locks the user's enrollments that an assignment covering
// them would upgrade, and returns their courses. syncUser runs on every
// visit to the dashboard, so an unchanged enrollment is neither locked nor
// written.
func lockSyncStale(ctx context.Context, q db.DBTX, userID int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `
		SELECT e.course_id FROM enrollments e JOIN (`+syncWanted+`) v ON v.course_id = e.course_id
		WHERE e.user_id = $1 AND (e.assignment_id IS NULL OR (v.mandatory AND NOT e.mandatory)
		   OR v.due_at < e.due_at OR (e.due_at IS NULL AND v.due_at IS NOT NULL))
		ORDER BY e.id FOR UPDATE OF e`, userID)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func upgradeSynced(ctx context.Context, q db.DBTX, userID int64, courses []int64) error {
	_, err := q.Exec(ctx, `UPDATE enrollments e SET `+enrollUpgrade+`
		FROM (`+syncWanted+`) v WHERE e.user_id = $1 AND e.course_id = v.course_id AND e.course_id = ANY ($2)`,
		userID, courses)
	return err
}

// insertSynced enrolls the user in the assigned courses they are not
// enrolled in, and returns those courses.
func insertSynced(ctx context.Context, q db.DBTX, userID int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `
		INSERT INTO enrollments (user_id, course_id, assignment_id, mandatory, due_at, year)
		SELECT v.* FROM (`+syncWanted+`) v
		WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = v.user_id AND e.course_id = v.course_id)
		ON CONFLICT (user_id, course_id) DO NOTHING RETURNING course_id`, userID)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// syncAll enrolls everyone covered by an assignment who is not enrolled yet:
// people added to or moved into a subtree after it was assigned.
func syncAll(ctx context.Context, q db.DBTX) (pairs, error) {
	rows, _ := q.Query(ctx, `
		INSERT INTO enrollments (user_id, course_id, assignment_id, mandatory, due_at, year)
		SELECT DISTINCT ON (m.user_id, a.course_id) m.user_id, a.course_id, a.id, a.mandatory, a.due_at, a.year
		FROM assignments a JOIN courses c ON c.id = a.course_id AND c.state = 'published'
		JOIN org_members m ON m.unit_path <@ a.unit_path AND NOT m.disabled
		WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = m.user_id AND e.course_id = a.course_id)
		ORDER BY m.user_id, a.course_id, a.mandatory DESC, a.due_at
		ON CONFLICT (user_id, course_id) DO NOTHING RETURNING user_id, course_id`)
	var p pairs
	var u, c int64
	_, err := pgx.ForEachRow(rows, []any{&u, &c}, func() error {
		p.add(u, c)
		return nil
	})
	return p, err
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

// assignmentsOf reads the assignments of a course (courseID) or one
// assignment (id), locking it, with their counts.
func assignmentsOf(ctx context.Context, q db.DBTX, courseID, id int64) ([]AssignmentRow, error) {
	lock := ""
	if id != 0 {
		lock = " FOR UPDATE OF a"
	}
	rows, _ := q.Query(ctx, `SELECT a.id, a.course_id, coalesce(a.unit_path::text, '') AS unit_path,
			coalesce((SELECT t.name FROM org_unit_tree t WHERE t.path = a.unit_path), '') AS unit_name,
			(SELECT count(*) FROM assignment_users au WHERE au.assignment_id = a.id)::int AS named,
			a.mandatory, a.due_at, a.year, a.created_by,
			a.created_at,
			(SELECT count(*) FROM enrollments e WHERE e.assignment_id = a.id)::int AS enrolled,
			(SELECT count(*) FROM enrollments e WHERE e.assignment_id = a.id AND e.state = 'completed')::int AS completed
		FROM assignments a
		WHERE ($1 = 0 OR a.course_id = $1) AND ($2 = 0 OR a.id = $2)
		ORDER BY a.id DESC`+lock, courseID, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[AssignmentRow])
}

// lockAssignmentEnrollments locks the enrollments an assignment made or
// upgraded, in id order, and returns their learners.
func lockAssignmentEnrollments(ctx context.Context, q db.DBTX, id int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT user_id FROM enrollments WHERE assignment_id = $1 ORDER BY id FOR UPDATE`, id)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// releaseAssignment removes the enrollments of the assignment nobody
// started, frees the others from it, and deletes it.
func releaseAssignment(ctx context.Context, q db.DBTX, id int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM enrollments WHERE assignment_id = $1 AND state = 'not_started'`, id); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `UPDATE enrollments SET assignment_id = NULL, mandatory = false, due_at = NULL,
		overdue = false WHERE assignment_id = $1`, id); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `DELETE FROM assignments WHERE id = $1`, id)
	return err
}
