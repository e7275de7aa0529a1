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
	rows, _ := s.db.Query(ctx, `SELECT id, kind, title, link, created_at, read_at FROM notifications
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, a.UserID, min(max(limit, 1), 100))
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Notification])
	if err != nil {
		return nil, 0, err
	}
	var unread int
	err = s.db.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, a.UserID).Scan(&unread)
	return list, unread, err
}

// MarkRead marks the actor's notifications read (all when id is 0).
func (s *Service) MarkRead(ctx context.Context, a *org.Actor, id int64) error {
	_, err := s.db.Exec(ctx, `UPDATE notifications SET read_at = now()
		WHERE user_id = $1 AND read_at IS NULL AND ($2 = 0 OR id = $2)`, a.UserID, id)
	return err
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
		enrolled, err := syncAll(ctx, tx)
		if err != nil {
			return err
		}
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

func remind(ctx context.Context, q db.DBTX) (soon, overdue int64, err error) {
	tag, err := q.Exec(ctx, `
		INSERT INTO notifications (user_id, kind, ref_id, title, link)
		SELECT e.user_id, 'due_soon', e.id, '课程《' || c.title || '》将于 ' || to_char(e.due_at AT TIME ZONE 'Asia/Shanghai', 'MM-DD') || ' 截止', '/courses/' || c.id
		FROM enrollments e JOIN courses c ON c.id = e.course_id
		WHERE e.state <> 'completed' AND e.due_at BETWEEN now() AND now() + interval '3 days'
		ON CONFLICT DO NOTHING`)
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
	_, err := q.Exec(ctx, `INSERT INTO notifications (user_id, kind, ref_id, title, link)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, userID, kind, refID, title, link)
	return err
}
