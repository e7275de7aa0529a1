package course

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// pendingEmail is a notification to mail, with whom to mail it to.
type pendingEmail struct {
	ID          int64
	Title       string
	Link        string
	DisplayName string
	Email       string
}

// pendingEmails lists unread notifications of the last week not yet emailed
// to people with an address. The contacts come from org's published view;
// older notifications are not mailed when email is first switched on.
func pendingEmails(ctx context.Context, q db.DBTX, limit, maxTries int) ([]pendingEmail, error) {
	rows, _ := q.Query(ctx, `
		SELECT n.id, n.title, n.link, c.display_name, c.email
		FROM notifications n JOIN org_member_contacts c ON c.user_id = n.user_id
		WHERE n.emailed_at IS NULL AND n.created_at > now() - interval '7 days'
		  AND n.read_at IS NULL AND n.email_tries < $2 AND c.email <> ''
		ORDER BY n.id LIMIT $1`, limit, maxTries)
	return pgx.CollectRows(rows, pgx.RowToStructByName[pendingEmail])
}

// claimEmail locks a notification still to be mailed; another worker on the
// same batch skips it instead of mailing it twice.
func claimEmail(ctx context.Context, tx pgx.Tx, id int64) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT true FROM notifications
		WHERE id = $1 AND emailed_at IS NULL FOR UPDATE SKIP LOCKED`, id).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return ok, err
}

func markEmailed(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `UPDATE notifications SET emailed_at = now() WHERE id = $1`, id)
	return err
}

func countEmailTry(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `UPDATE notifications SET email_tries = email_tries + 1 WHERE id = $1`, id)
	return err
}
