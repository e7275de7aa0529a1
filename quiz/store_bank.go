package quiz

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const bankColumns = `b.id, b.name, b.course_id, coalesce(b.unit_path::text, '') AS unit_path,
	b.created_by, b.created_at,
	(SELECT count(*) FROM quiz_questions q WHERE q.bank_id = b.id AND q.deleted_at IS NULL)::int AS questions`

func insertBank(ctx context.Context, q db.DBTX, in BankInput, by int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO quiz_banks (name, course_id, unit_path, created_by)
		VALUES ($1, $2, nullif($3, '')::ltree, $4) RETURNING id`, in.Name, in.CourseID, in.UnitPath, by).Scan(&id)
	return id, err
}

func getBank(ctx context.Context, q db.DBTX, id int64) (*Bank, error) {
	rows, _ := q.Query(ctx, `SELECT `+bankColumns+` FROM quiz_banks b WHERE b.id = $1`, id)
	b, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Bank])
	return b, db.NotFound(err, "题库")
}

// listBanks returns the banks the viewer might use; usableBanks decides.
func listBanks(ctx context.Context, q db.DBTX, userID int64, unitPath string, scopes []string) ([]Bank, error) {
	rows, _ := q.Query(ctx, `SELECT `+bankColumns+` FROM quiz_banks b
		WHERE b.created_by = $1 OR b.course_id IS NOT NULL
		   OR ($2 <> '' AND b.unit_path @> $2::ltree) OR b.unit_path <@ $3::ltree[]
		ORDER BY b.id DESC`, userID, unitPath, scopes)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Bank])
}
