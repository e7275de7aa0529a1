package training

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const planFileCols = `id, class_id, filename, kind, size, object_key`

func insertPlanFile(ctx context.Context, q db.DBTX, f *PlanFile) error {
	return q.QueryRow(ctx, `INSERT INTO training_plan_files (class_id, filename, kind, size, object_key)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, f.ClassID, f.Filename, f.Kind, f.Size, f.ObjectKey).Scan(&f.ID)
}

func countPlanFiles(ctx context.Context, q db.DBTX, classID int64) (n int, err error) {
	err = q.QueryRow(ctx, `SELECT count(*) FROM training_plan_files WHERE class_id = $1`, classID).Scan(&n)
	return n, err
}

func planFiles(ctx context.Context, q db.DBTX, classID int64) ([]PlanFile, error) {
	rows, _ := q.Query(ctx, `SELECT `+planFileCols+` FROM training_plan_files WHERE class_id = $1 ORDER BY id`, classID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[PlanFile])
}

func planFile(ctx context.Context, q db.DBTX, classID, id int64) (*PlanFile, error) {
	rows, _ := q.Query(ctx, `SELECT `+planFileCols+` FROM training_plan_files WHERE class_id = $1 AND id = $2`, classID, id)
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[PlanFile])
	return f, db.NotFound(err, "附件")
}

func deletePlanFile(ctx context.Context, q db.DBTX, classID, id int64) (*PlanFile, error) {
	rows, _ := q.Query(ctx, `DELETE FROM training_plan_files WHERE class_id = $1 AND id = $2 RETURNING `+planFileCols, classID, id)
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[PlanFile])
	return f, db.NotFound(err, "附件")
}
