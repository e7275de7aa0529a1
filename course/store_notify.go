package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/calendar"
	"lms/internal/db"
)

func latestNotifications(ctx context.Context, q db.DBTX, userID int64, limit int) ([]Notification, error) {
	rows, _ := q.Query(ctx, `SELECT id, kind, title, link, created_at, read_at FROM notifications
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Notification])
}

func unreadNotifications(ctx context.Context, q db.DBTX, userID int64) (int, error) {
	var unread int
	err := q.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&unread)
	return unread, err
}

func markRead(ctx context.Context, q db.DBTX, userID, id int64) error {
	_, err := q.Exec(ctx, `UPDATE notifications SET read_at = now()
		WHERE user_id = $1 AND read_at IS NULL AND ($2 = 0 OR id = $2)`, userID, id)
	return err
}

// remind notifies of due dates within three days and of overdue
// enrollments, once each, and marks the overdue ones.
func remind(ctx context.Context, q db.DBTX) (soon, overdue int64, err error) {
	tag, err := q.Exec(ctx, `
		INSERT INTO notifications (user_id, kind, ref_id, title, link)
		SELECT e.user_id, 'due_soon', e.id, '课程《' || c.title || '》将于 ' || to_char(e.due_at AT TIME ZONE $1, 'MM-DD') || ' 截止', '/courses/' || c.id
		FROM enrollments e JOIN courses c ON c.id = e.course_id
		WHERE e.state <> 'completed' AND e.due_at BETWEEN now() AND now() + interval '3 days'
		ON CONFLICT DO NOTHING`, calendar.SQLName())
	if err != nil {
		return 0, 0, err
	}
	soon = tag.RowsAffected()
	if _, err = q.Exec(ctx, `UPDATE enrollments SET overdue = true
		WHERE state <> 'completed' AND due_at < now() AND NOT overdue`); err != nil {
		return 0, 0, err
	}
	tag, err = q.Exec(ctx, `
		INSERT INTO notifications (user_id, kind, ref_id, title, link)
		SELECT e.user_id, 'overdue', e.id, '课程《' || c.title || '》已逾期，请尽快完成', '/courses/' || c.id
		FROM enrollments e JOIN courses c ON c.id = e.course_id
		WHERE e.overdue AND e.state <> 'completed'
		ON CONFLICT DO NOTHING`)
	return soon, tag.RowsAffected(), err
}

// insertNotifications adds one notification per user, skipping those who
// have it already; it returns how many were new.
func insertNotifications(ctx context.Context, q db.DBTX, userIDs []int64, kind string, refID int64, title, link string) (int64, error) {
	tag, err := q.Exec(ctx, `INSERT INTO notifications (user_id, kind, ref_id, title, link)
		SELECT u, $2, $3, $4, $5 FROM unnest($1::bigint[]) AS u
		ON CONFLICT DO NOTHING`, userIDs, kind, refID, title, link)
	return tag.RowsAffected(), err
}
