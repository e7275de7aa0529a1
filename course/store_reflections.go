package course

import (
	"context"

	"lms/internal/db"
)

func insertNotification(ctx context.Context, q db.DBTX, userID int64, kind string, refID int64, title, link string) error {
	_, err := q.Exec(ctx, `INSERT INTO notifications (user_id, kind, ref_id, title, link) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id, kind, ref_id) DO NOTHING`, userID, kind, refID, title, link)
	return err
}
