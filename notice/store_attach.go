package notice

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const attachmentColumns = `id, notice_id, name, kind, object_key, size, created_at`

func attachments(ctx context.Context, q db.DBTX, noticeID int64) ([]Attachment, error) {
	rows, _ := q.Query(ctx, `SELECT `+attachmentColumns+` FROM notice_attachments WHERE notice_id = $1 ORDER BY id`, noticeID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Attachment])
}

func getAttachment(ctx context.Context, q db.DBTX, noticeID, id int64) (*Attachment, error) {
	rows, _ := q.Query(ctx, `SELECT `+attachmentColumns+` FROM notice_attachments WHERE notice_id = $1 AND id = $2`, noticeID, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Attachment])
	return a, db.NotFound(err, "附件")
}

func countAttachments(ctx context.Context, q db.DBTX, noticeID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM notice_attachments WHERE notice_id = $1`, noticeID).Scan(&n)
	return n, err
}

func insertAttachment(ctx context.Context, q db.DBTX, noticeID int64, name, kind, key string, size int64) (*Attachment, error) {
	rows, _ := q.Query(ctx, `INSERT INTO notice_attachments (notice_id, name, kind, object_key, size)
		VALUES ($1, $2, $3, $4, $5) RETURNING `+attachmentColumns, noticeID, name, kind, key, size)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Attachment])
}

func deleteAttachment(ctx context.Context, q db.DBTX, noticeID, id int64) (string, error) {
	var key string
	err := q.QueryRow(ctx, `DELETE FROM notice_attachments WHERE notice_id = $1 AND id = $2 RETURNING object_key`,
		noticeID, id).Scan(&key)
	return key, db.NotFound(err, "附件")
}
