package training

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// insertCheckin keeps the first check-in of a person at a session.
func insertCheckin(ctx context.Context, q db.DBTX, c *Checkin, by int64) error {
	_, err := q.Exec(ctx, `INSERT INTO training_checkins (session_id, user_id, at, late, marked_by)
		VALUES ($1, $2, $3, $4, nullif($5, 0)) ON CONFLICT DO NOTHING`, c.SessionID, c.UserID, c.At, c.Late, by)
	return err
}

func markCheckins(ctx context.Context, q db.DBTX, sessionID int64, userIDs []int64, present bool, by int64) error {
	if !present {
		_, err := q.Exec(ctx, `DELETE FROM training_checkins WHERE session_id = $1 AND user_id = ANY($2)`, sessionID, userIDs)
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO training_checkins (session_id, user_id, marked_by)
		SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING`, sessionID, userIDs, by)
	return err
}

func sessionAttendance(ctx context.Context, q db.DBTX, s *Session) ([]Checkin, error) {
	rows, _ := q.Query(ctx, `
		WITH r AS (`+rosterSQL+`)
		SELECT $2::bigint AS session_id, r.user_id, '' AS name, coalesce(k.at, 'epoch') AS at,
		       coalesce(k.late, false) AS late, k.user_id IS NOT NULL AS present
		FROM r LEFT JOIN training_checkins k ON k.session_id = $2 AND k.user_id = r.user_id
		ORDER BY present, r.user_id LIMIT 50000`, s.ClassID, s.ID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Checkin])
}
