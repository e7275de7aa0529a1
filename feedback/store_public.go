package feedback

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func insertPublic(ctx context.Context, tx pgx.Tx, id string, m *messageRow, q, ans string, by int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO feedback_public (id, message_id, unit_id, question, answer, published_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, m.ID, m.UnitID, q, ans, by)
	return err
}

const publicSelect = `SELECT p.id, p.unit_id, u.name AS unit_name, p.question, p.answer, p.published_at
	FROM feedback_public p JOIN org_unit_tree u ON u.id = p.unit_id`

func publicList(ctx context.Context, q db.DBTX, own string, scopes []string, all bool) ([]Public, error) {
	rows, _ := q.Query(ctx, publicSelect+`
		WHERE $3 OR ($1 <> '' AND u.path @> $1::ltree) OR u.path <@ $2::ltree[]
		ORDER BY p.published_at DESC LIMIT 200`, own, scopes, all)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Public])
}

func publicOf(ctx context.Context, q db.DBTX, messageID string) (*Public, error) {
	rows, _ := q.Query(ctx, publicSelect+` WHERE p.message_id = $1`, messageID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Public])
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}
