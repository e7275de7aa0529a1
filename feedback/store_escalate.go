package feedback

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// escalateDue marks the messages late for a stage and names the unit they
// went to: the addressed unit's parent (the root's messages stay at the
// root, marked all the same).
func escalateDue(ctx context.Context, tx pgx.Tx, stage escalation, today time.Time) ([]escalated, error) {
	rows, _ := tx.Query(ctx, `WITH late AS (
		SELECT m.id, coalesce(u.parent_id, u.id) AS to_unit,
		       CASE WHEN $1 = 1 THEN m.accept_due ELSE m.answer_due END AS due
		FROM feedback_messages m JOIN org_unit_tree u ON u.id = m.unit_id
		WHERE m.escalation < $1 AND CASE WHEN $1 = 1 THEN m.state = 'pending' AND m.accept_due < $2
		                                ELSE m.state IN ('pending', 'accepted') AND m.answer_due < $2 END
		FOR UPDATE OF m)
	UPDATE feedback_messages m SET escalation = $1, escalated_unit_id = late.to_unit
	FROM late JOIN org_unit_tree t ON t.id = late.to_unit
	WHERE m.id = late.id
	RETURNING m.id, late.due, t.name AS unit_name, t.path::text AS unit_path`, int16(stage), today)
	return pgx.CollectRows(rows, pgx.RowToStructByName[escalated])
}
