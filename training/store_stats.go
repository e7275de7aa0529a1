package training

import (
	"context"
	"strings"

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

// classListMax bounds the classes one report lists.
const classListMax = 200

// classesUnder reads the figures of the subtree's classes of a year; the
// roster of each is read as Stats reads it (rosterSQL, for that class).
func classesUnder(ctx context.Context, q db.DBTX, path string, year int) ([]ClassFigures, error) {
	roster := strings.ReplaceAll(rosterSQL, "$1", "c.id")
	rows, _ := q.Query(ctx, `
		WITH c AS (
			SELECT id, name, starts_on, ends_on, state FROM training_classes
			WHERE unit_path <@ $1::ltree AND starts_on <= make_date($2, 12, 31) AND ends_on >= make_date($2, 1, 1)
			ORDER BY starts_on DESC, id DESC LIMIT $3)
		SELECT c.*, r.enrolled, x.completed,
		       round(100.0 * k.checkins / nullif(r.enrolled * k.sessions, 0), 1)::float8 AS attendance
		FROM c
		CROSS JOIN LATERAL (SELECT count(*)::int AS enrolled FROM (`+roster+`) r) r
		CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE completed)::int AS completed
		                    FROM training_results WHERE class_id = c.id) x
		CROSS JOIN LATERAL (
			SELECT (SELECT count(*) FROM training_sessions WHERE class_id = c.id) AS sessions,
			       (SELECT count(*) FROM training_checkins k JOIN training_sessions ss ON ss.id = k.session_id
			        WHERE ss.class_id = c.id AND k.user_id IN (`+roster+`)) AS checkins) k
		ORDER BY c.starts_on DESC, c.id DESC`, path, year, classListMax)
	return pgx.CollectRows(rows, pgx.RowToStructByName[ClassFigures])
}
