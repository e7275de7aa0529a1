package course

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/internal/db"
	"lms/org"
)

// Notification is an in-app message under the bell.
type Notification struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// Notifications returns the actor's latest notifications and unread count.
func (s *Service) Notifications(ctx context.Context, a *org.Actor, limit int) ([]Notification, int, error) {
	list, err := latestNotifications(ctx, s.db, a.UserID, min(max(limit, 1), 100))
	if err != nil {
		return nil, 0, err
	}
	unread, err := unreadNotifications(ctx, s.db, a.UserID)
	return list, unread, err
}

// MarkRead marks the actor's notifications read (all when id is 0).
func (s *Service) MarkRead(ctx context.Context, a *org.Actor, id int64) error {
	return markRead(ctx, s.db, a.UserID, id)
}

// RemindArgs is the periodic job that warns of due dates and marks overdue
// enrollments; it also enrolls people who joined an assigned subtree.
type RemindArgs struct{}

// Kind names the job.
func (RemindArgs) Kind() string { return "course.reminders" }

// RemindWorker runs RemindArgs.
type RemindWorker struct {
	river.WorkerDefaults[RemindArgs]
	Service *Service
}

// Work is idempotent: each notification exists at most once per enrollment.
func (w *RemindWorker) Work(ctx context.Context, _ *river.Job[RemindArgs]) error {
	err := db.InTx(ctx, w.Service.db, func(tx pgx.Tx) error {
		added, err := syncAll(ctx, tx)
		if err == nil {
			err = w.Service.reportChanged(ctx, tx, added)
		}
		if err != nil {
			return err
		}
		enrolled := int64(len(added.users))
		soon, overdue, err := remind(ctx, tx)
		if err == nil && enrolled+soon+overdue > 0 {
			slog.InfoContext(ctx, "reminders", "enrolled", enrolled, "due_soon", soon, "overdue", overdue)
		}
		return err
	})
	if err == nil {
		w.Service.sendEmails(ctx) // after the commit, and never failing the job
	}
	return err
}

// AddJobs registers the course workers and their schedule.
func (s *Service) AddJobs(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, &RemindWorker{Service: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(10*time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return RemindArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}

// Notify puts one line under a user's bell (and so in their reminder
// email), inside the caller's transaction, for features that tell people
// of their own events (feedback). kind and refID tell lines apart; a
// repeat of the same three is dropped.
func Notify(ctx context.Context, q db.DBTX, userID int64, kind string, refID int64, title, link string) error {
	return insertNotification(ctx, q, userID, kind, refID, title, link)
}
