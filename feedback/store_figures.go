package feedback

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func figuresOf(ctx context.Context, q db.DBTX, scopes []string, all bool) ([]UnitFigures, error) {
	rows, _ := q.Query(ctx, `SELECT m.unit_id, u.name AS unit_name, u.path::text AS unit_path,
		count(*) AS received, count(m.answered_on) AS answered,
		count(*) FILTER (WHERE m.answered_on <= m.answer_due) AS on_time,
		avg(m.answered_on - m.submitted_on)::float8 AS avg_days,
		count(*) FILTER (WHERE m.escalation > 0) AS escalated,
		count(*) FILTER (WHERE m.rating = 'satisfied') AS satisfied,
		count(*) FILTER (WHERE m.rating = 'basic') AS basic,
		count(*) FILTER (WHERE m.rating = 'unsatisfied') AS unsatisfied
		FROM feedback_messages m JOIN org_unit_tree u ON u.id = m.unit_id
		WHERE $2 OR u.path <@ $1::ltree[]
		GROUP BY m.unit_id, u.name, u.path ORDER BY u.path`, scopes, all)
	return pgx.CollectRows(rows, pgx.RowToStructByName[UnitFigures])
}
