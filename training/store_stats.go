package training

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func classCounts(ctx context.Context, q db.DBTX, classID int64, st *Stats) error {
	return q.QueryRow(ctx, `SELECT (SELECT count(*) FROM (`+rosterSQL+`) r),
		(SELECT count(*) FROM training_members WHERE class_id = $1 AND status = 'applied'),
		(SELECT count(*) FROM training_members WHERE class_id = $1 AND status = 'waiting'),
		(SELECT count(*) FROM training_results WHERE class_id = $1 AND completed),
		(SELECT count(*) FROM training_results WHERE class_id = $1 AND NOT completed)`, classID).
		Scan(&st.Enrolled, &st.Applied, &st.Waiting, &st.Completed, &st.Failed)
}

// unitStats groups the roster by unit, named from org's published tree.
func unitStats(ctx context.Context, q db.DBTX, classID int64) ([]UnitStat, error) {
	rows, _ := q.Query(ctx, `
		WITH r AS (`+rosterSQL+`)
		SELECT o.unit_id, t.name, count(*)::int AS enrolled, count(x.user_id) FILTER (WHERE x.completed)::int AS completed
		FROM r JOIN org_members o ON o.user_id = r.user_id JOIN org_unit_tree t ON t.id = o.unit_id
		LEFT JOIN training_results x ON x.class_id = $1 AND x.user_id = r.user_id
		GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 500`, classID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[UnitStat])
}
