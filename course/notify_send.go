package course

import (
	"context"
)

// Notify puts one notification of kind under the bell of each of userIDs
// (at most one per user, kind and ref) for other features, and mails the
// unmailed ones at once when email is set up; the reminders job mails
// whatever this send missed. It returns how many were new.
func (s *Service) Notify(ctx context.Context, userIDs []int64, kind string, refID int64, title, link string) (int, error) {
	tag, err := s.db.Exec(ctx, `INSERT INTO notifications (user_id, kind, ref_id, title, link)
		SELECT u, $2, $3, $4, $5 FROM unnest($1::bigint[]) AS u ON CONFLICT DO NOTHING`,
		userIDs, kind, refID, title, link)
	if err != nil {
		return 0, err
	}
	if s.Mail.Addr != "" {
		go s.sendEmails(context.WithoutCancel(ctx))
	}
	return int(tag.RowsAffected()), nil
}
