package notice

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/internal/apperr"
	"lms/internal/db"
)

// remindGap is how long after one reminder the next may be sent, so a
// double click or an impatient publisher does not flood the audience.
const remindGap = 10 * time.Minute

// Reminder is one reminder to those who had not read a 必读 notice.
type Reminder struct {
	ID         int64      `json:"id"`
	NoticeID   int64      `json:"notice_id"`
	CreatedAt  time.Time  `json:"created_at"`
	SentAt     *time.Time `json:"sent_at"`
	Recipients int        `json:"recipients"`
}

// RemindArgs is the job that sends one reminder.
type RemindArgs struct {
	ReminderID int64 `json:"reminder_id"`
}

// Kind names the job.
func (RemindArgs) Kind() string { return "notice.remind" }

// RemindWorker runs RemindArgs.
type RemindWorker struct {
	river.WorkerDefaults[RemindArgs]
	Service *Service
}

// Work sends the reminder once, whatever the retries.
func (w *RemindWorker) Work(ctx context.Context, j *river.Job[RemindArgs]) error {
	return w.Service.Deliver(ctx, j.Args.ReminderID)
}

// Remind records a reminder of a live 必读 notice to everyone in its
// audience who has not read it; the job that sends it commits with it.
func (s *Service) Remind(ctx context.Context, v Viewer, id int64) (*Reminder, error) {
	var r *Reminder
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		n, err := s.manageable(ctx, tx, v, id, true)
		if err != nil {
			return err
		}
		if err := s.mayRemind(ctx, tx, n); err != nil {
			return err
		}
		if r, err = insertReminder(ctx, tx, id, v.UserID); err != nil {
			return err
		}
		if s.Jobs != nil {
			_, err = s.Jobs.InsertTx(ctx, tx, RemindArgs{ReminderID: r.ID}, nil)
		}
		return err
	})
	if err != nil || s.Jobs != nil {
		return r, err
	}
	// Without a job client (a command, a test) it is sent now.
	if err := s.Deliver(ctx, r.ID); err != nil {
		return nil, err
	}
	return getReminder(ctx, s.db, r.ID)
}

func (s *Service) mayRemind(ctx context.Context, tx pgx.Tx, n *Notice) error {
	if !n.MustRead {
		return apperr.Invalidf("只有必读通知可以提醒未读人员")
	}
	if !live(n, s.now()) {
		return apperr.Conflictf("通知未发布、已撤回或已过期，不能提醒")
	}
	last, err := lastReminder(ctx, tx, n.ID)
	if err != nil {
		return err
	}
	if last != nil && s.now().Sub(*last) < remindGap {
		return apperr.Conflictf("%d 分钟内已提醒过，请稍后再试", int(remindGap.Minutes()))
	}
	return nil
}

// Deliver sends a reminder to whoever has still not read the notice. A
// reminder is sent once: a retry after sending changes nothing, and a
// retry in the middle adds no second notification (the bell keeps one per
// person and reminder).
func (s *Service) Deliver(ctx context.Context, reminderID int64) error {
	r, err := getReminder(ctx, s.db, reminderID)
	if err != nil || r.SentAt != nil {
		return err
	}
	n, err := getNotice(ctx, s.db, r.NoticeID)
	if err != nil {
		return err
	}
	var sent int64
	if live(n, s.now()) && s.Notifier != nil {
		ids, err := unreadIDs(ctx, s.db, n)
		if err != nil {
			return err
		}
		sent, err = s.Notifier.Notify(ctx, ids, "notice_remind", r.ID, "请阅读必读通知《"+n.Title+"》", noticeLink(n.ID))
		if err != nil {
			return err
		}
	}
	slog.InfoContext(ctx, "notice reminder", "notice", n.ID, "reminder", r.ID, "recipients", sent)
	return markSent(ctx, s.db, r.ID, int(sent))
}

func noticeLink(id int64) string { return "/notices/" + itoa(id) }

// Reminders lists a notice's reminders, newest first.
func (s *Service) Reminders(ctx context.Context, v Viewer, id int64) ([]Reminder, error) {
	if _, err := s.manageable(ctx, s.db, v, id, false); err != nil {
		return nil, err
	}
	return listReminders(ctx, s.db, id)
}
