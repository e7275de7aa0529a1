package quiz

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func allBankIDs(ctx context.Context, q db.DBTX) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT id FROM quiz_banks ORDER BY id`)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
