package feedback

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// unitsOnPath are the unit at path and those above it, the root first:
// where a member of that unit may write.
func unitsOnPath(ctx context.Context, q db.DBTX, path string) ([]Unit, error) {
	rows, _ := q.Query(ctx, `SELECT id, name, path::text AS path FROM org_unit_tree
		WHERE path @> $1::ltree ORDER BY nlevel(path)`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
}

func unitByID(ctx context.Context, q db.DBTX, id int64) (*Unit, error) {
	rows, _ := q.Query(ctx, `SELECT id, name, path::text AS path FROM org_unit_tree WHERE id = $1`, id)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Unit])
	return u, db.NotFound(err, "党组织")
}

// settingsFor are the deadlines of the unit at path: its own, else its
// nearest ancestor's, else the defaults.
func settingsFor(ctx context.Context, q db.DBTX, unitID int64, path string) (Settings, error) {
	st := Settings{UnitID: unitID, AcceptDays: DefaultAcceptDays, AnswerDays: DefaultAnswerDays, Inherited: true}
	var owner int64
	err := q.QueryRow(ctx, `SELECT s.unit_id, s.accept_days, s.answer_days FROM feedback_settings s
		JOIN org_unit_tree u ON u.id = s.unit_id WHERE u.path @> $1::ltree
		ORDER BY nlevel(u.path) DESC LIMIT 1`, path).Scan(&owner, &st.AcceptDays, &st.AnswerDays)
	if err == pgx.ErrNoRows {
		return st, nil
	}
	st.Inherited = owner != unitID
	return st, err
}

func saveSettings(ctx context.Context, q db.DBTX, st Settings) error {
	_, err := q.Exec(ctx, `INSERT INTO feedback_settings (unit_id, accept_days, answer_days) VALUES ($1, $2, $3)
		ON CONFLICT (unit_id) DO UPDATE SET accept_days = excluded.accept_days, answer_days = excluded.answer_days`,
		st.UnitID, st.AcceptDays, st.AnswerDays)
	return err
}
