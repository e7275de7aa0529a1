package quiz

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func insertImport(ctx context.Context, q db.DBTX, r ImportRecord) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO quiz_imports (bank_id, user_id, file_name, format, read, imported, skipped, problems)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		r.BankID, r.UserID, r.FileName, r.Format, r.Read, r.Imported, r.Skipped, r.Problems).Scan(&id)
	return id, err
}

func listImports(ctx context.Context, q db.DBTX, bankID int64, limit int) ([]ImportRecord, error) {
	rows, _ := q.Query(ctx, `SELECT id, bank_id, user_id, file_name, format, read, imported, skipped, problems, created_at
		FROM quiz_imports WHERE bank_id = $1 ORDER BY id DESC LIMIT $2`, bankID, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[ImportRecord])
}
