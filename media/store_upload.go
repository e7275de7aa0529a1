package media

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const uploadCols = `id, asset_id, owner_id, title, filename, size, part_size, s3_upload_id, created_at`

func insertUpload(ctx context.Context, q db.DBTX, u *Upload) error {
	return q.QueryRow(ctx, `INSERT INTO media_uploads (asset_id, owner_id, title, filename, size, part_size, s3_upload_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
		u.AssetID, u.OwnerID, u.Title, u.Filename, u.Size, u.PartSize, u.S3Upload).Scan(&u.ID, &u.CreatedAt)
}

func getUpload(ctx context.Context, q db.DBTX, ownerID, id int64) (*Upload, error) {
	rows, _ := q.Query(ctx, `SELECT `+uploadCols+` FROM media_uploads WHERE id = $1 AND owner_id = $2`, id, ownerID)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Upload])
	return u, db.NotFound(err, "上传")
}

func listUploads(ctx context.Context, q db.DBTX, ownerID int64) ([]Upload, error) {
	rows, _ := q.Query(ctx, `SELECT `+uploadCols+` FROM media_uploads WHERE owner_id = $1 ORDER BY id DESC`, ownerID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Upload])
}

func staleUploads(ctx context.Context, q db.DBTX, before time.Time) ([]Upload, error) {
	rows, _ := q.Query(ctx, `SELECT `+uploadCols+` FROM media_uploads WHERE created_at < $1 ORDER BY id LIMIT 500`, before)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Upload])
}

func deleteUpload(ctx context.Context, q db.DBTX, id int64) error {
	_, err := q.Exec(ctx, `DELETE FROM media_uploads WHERE id = $1`, id)
	return err
}
