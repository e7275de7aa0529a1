package course

import "context"

// Notify puts one notification under the bell of each user, for other
// features (a notice's reminder). kind and refID name it: a user gets it
// once however often this is called, and it is emailed like the others:
// at once (the caller is a job), and what is left by the next reminders run.
func (s *Service) Notify(ctx context.Context, userIDs []int64, kind string, refID int64, title, link string) (int64, error) {
	tag, err := s.db.Exec(ctx, `INSERT INTO notifications (user_id, kind, ref_id, title, link)
		SELECT u, $2, $3, $4, $5 FROM unnest($1::bigint[]) AS u
		ON CONFLICT DO NOTHING`, userIDs, kind, refID, title, link)
	if err == nil && tag.RowsAffected() > 0 {
		s.sendEmails(ctx)
	}
	return tag.RowsAffected(), err
}
