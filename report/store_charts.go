package report

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// monthCounts counts the scope's completions of the year per month. For
// some courses it counts their enrollments (course's read model), which
// the monthly sums do not split by course.
func monthCounts(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64) ([]MonthCount, error) {
	sql := `
		SELECT t.month, sum(t.completed) AS completed
		FROM report_unit_month t JOIN org_unit_tree u ON u.id = t.unit_id
		WHERE t.year = $2 AND u.path <@ $1::ltree
		GROUP BY t.month HAVING sum(t.completed) <> 0 ORDER BY t.month`
	args := []any{sc.Unit.Path, year}
	if courses != nil {
		sql = `
		SELECT report_month(f.completed_at) AS month, count(*) AS completed
		FROM course_enrollment_facts f JOIN org_members m ON m.user_id = f.user_id
		WHERE f.year = $2 AND f.course_id = ANY($3) AND f.state = 'completed' AND f.completed_at IS NOT NULL
		  AND m.unit_path <@ $1::ltree AND NOT m.disabled
		GROUP BY 1 ORDER BY 1`
		args = append(args, courses)
	}
	rows, _ := q.Query(ctx, sql, args...)
	return pgx.CollectRows(rows, pgx.RowToStructByName[MonthCount])
}
