package notice

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const reminderColumns = `id, notice_id, created_at, sent_at, recipients`

func insertReminder(ctx context.Context, q db.DBTX, noticeID, by int64) (*Reminder, error) {
	rows, _ := q.Query(ctx, `INSERT INTO notice_reminders (notice_id, created_by) VALUES ($1, $2) RETURNING `+reminderColumns,
		noticeID, by)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Reminder])
}

func getReminder(ctx context.Context, q db.DBTX, id int64) (*Reminder, error) {
	rows, _ := q.Query(ctx, `SELECT `+reminderColumns+` FROM notice_reminders WHERE id = $1`, id)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Reminder])
	return r, db.NotFound(err, "提醒")
}

func lastReminder(ctx context.Context, q db.DBTX, noticeID int64) (*time.Time, error) {
	var at *time.Time
	err := q.QueryRow(ctx, `SELECT max(created_at) FROM notice_reminders WHERE notice_id = $1`, noticeID).Scan(&at)
	return at, err
}

func listReminders(ctx context.Context, q db.DBTX, noticeID int64) ([]Reminder, error) {
	rows, _ := q.Query(ctx, `SELECT `+reminderColumns+` FROM notice_reminders WHERE notice_id = $1 ORDER BY id DESC LIMIT 50`, noticeID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Reminder])
}

func markSent(ctx context.Context, q db.DBTX, id int64, recipients int) error {
	_, err := q.Exec(ctx, `UPDATE notice_reminders SET sent_at = now(), recipients = $2 WHERE id = $1 AND sent_at IS NULL`,
		id, recipients)
	return err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
