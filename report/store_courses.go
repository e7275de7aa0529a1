package report

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// CourseInfo names a course in reports.
type CourseInfo struct {
	CourseID    int64   `json:"course_id"`
	Title       string  `json:"title"`
	Category    string  `json:"category"`
	CourseHours float64 `json:"course_hours"`
}

// yearCourseIDs lists the courses with enrollments in a year, skipping
// through the index from one course to the next instead of reading every
// unit's rows.
func yearCourseIDs(ctx context.Context, q db.DBTX, year int) ([]int64, error) {
	rows, _ := q.Query(ctx, `
		WITH RECURSIVE c AS (
			(SELECT course_id FROM report_unit_course WHERE year = $1 ORDER BY course_id LIMIT 1)
			UNION ALL
			SELECT (SELECT t.course_id FROM report_unit_course t WHERE t.year = $1 AND t.course_id > c.course_id
			        ORDER BY t.course_id LIMIT 1)
			FROM c WHERE c.course_id IS NOT NULL)
		SELECT course_id FROM c WHERE course_id IS NOT NULL`, year)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// courseInfos names courses through their enrollments (course's published
// read model): a course without any has no figures to name.
func courseInfos(ctx context.Context, q db.DBTX, ids []int64) (map[int64]CourseInfo, error) {
	rows, _ := q.Query(ctx, `
		SELECT c.id AS course_id, f.course_title AS title, f.category, f.course_hours::float8 AS course_hours
		FROM unnest($1::bigint[]) AS c(id)
		CROSS JOIN LATERAL (SELECT course_title, category, course_hours FROM course_enrollment_facts
		                    WHERE course_id = c.id LIMIT 1) f`, ids)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[CourseInfo])
	out := make(map[int64]CourseInfo, len(list))
	for _, c := range list {
		out[c.CourseID] = c
	}
	return out, err
}

// courseSums is one course's sums over the scope.
type courseSums struct {
	Key         int64   `db:"key"`
	DoneSeconds float64 `db:"done_seconds"`
	Counts
}

func courseGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64, now time.Time) ([]courseSums, error) {
	rows, _ := q.Query(ctx, `
		SELECT t.course_id AS key, sum(t.enrolled) AS enrolled, sum(t.not_started) AS not_started,
		       sum(t.in_progress) AS in_progress, sum(t.completed) AS completed,
		       coalesce(sum(t.enrolled - t.completed) FILTER (WHERE t.due_at < $3), 0) AS overdue,
		       sum(t.done_seconds)::float8 AS done_seconds
		FROM report_unit_course t JOIN org_unit_tree u ON u.id = t.unit_id
		WHERE t.year = $2 AND u.path <@ $1::ltree AND ($4::bigint[] IS NULL OR t.course_id = ANY($4))
		GROUP BY t.course_id`, sc.Unit.Path, year, now, courses)
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[courseSums])
}

func courseCredits(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64) ([]courseSums, error) {
	rows, _ := q.Query(ctx, `
		SELECT t.course_id AS key, sum(t.hours)::float8 AS hours, sum(t.quiz_taken) AS quiz_taken,
		       sum(t.quiz_score)::float8 AS quiz_score, sum(t.quiz_passed) AS quiz_passed
		FROM report_unit_course_credit t JOIN org_unit_tree u ON u.id = t.unit_id
		WHERE t.year = $2 AND u.path <@ $1::ltree AND ($3::bigint[] IS NULL OR t.course_id = ANY($3))
		GROUP BY t.course_id`, sc.Unit.Path, year, courses)
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[courseSums])
}
