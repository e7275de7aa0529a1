package course

import "context"

// Notify puts one notification under the bell of each user, for other
// features (a notice's reminder, an appraisal's). kind and refID name it:
// a user gets it once however often this is called, and it is emailed like
// the others: at once (the caller is a job), and what is left by the next
// reminders run. It returns how many were new.
func (s *Service) Notify(ctx context.Context, userIDs []int64, kind string, refID int64, title, link string) (int64, error) {
	n, err := insertNotifications(ctx, s.db, userIDs, kind, refID, title, link)
	if err == nil && n > 0 {
		s.sendEmails(ctx)
	}
	return n, err
}
