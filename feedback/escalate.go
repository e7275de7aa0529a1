package feedback

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/internal/db"
)

// Escalate sends up to the parent unit every message not accepted by its
// accept deadline, or not answered by its answer deadline (both counted in
// working days from the day it was written, by the unit's settings). It
// returns how many messages it escalated; running it twice changes nothing.
func (s *Service) Escalate(ctx context.Context) (int, error) {
	today := s.today()
	n := 0
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		for _, stage := range []escalation{acceptLate, answerLate} {
			list, err := escalateDue(ctx, tx, stage, today)
			if err != nil {
				return err
			}
			for _, e := range list {
				if err := insertEntry(ctx, tx, e.ID, entry{Kind: "escalate", Body: stage.note(e), Day: today}); err != nil {
					return err
				}
				if err := s.tellHandlers(ctx, tx, e); err != nil {
					return err
				}
			}
			n += len(list)
		}
		return nil
	})
	return n, err
}

// escalation is a stage: 1 not accepted in time, 2 not answered in time.
type escalation int

const (
	acceptLate escalation = 1
	answerLate escalation = 2
)

func (e escalation) note(m escalated) string {
	if e == acceptLate {
		return fmt.Sprintf("超过受理期限（%s）未受理，已提级至%s督办", m.Due.Format("2006-01-02"), m.UnitName)
	}
	return fmt.Sprintf("超过答复期限（%s）未答复，已提级至%s督办", m.Due.Format("2006-01-02"), m.UnitName)
}

type escalated struct {
	ID       string    `db:"id"`
	Due      time.Time `db:"due"`
	UnitName string    `db:"unit_name"`
	UnitPath string    `db:"unit_path"`
}

// tellHandlers notifies the committee of the unit a message went up to:
// those scoped to that unit, or, where it has none, to the nearest unit
// above that has.
func (s *Service) tellHandlers(ctx context.Context, tx pgx.Tx, e escalated) error {
	if s.Handlers == nil || s.Notify == nil {
		return nil
	}
	labels := strings.Split(e.UnitPath, ".")
	for i := len(labels) - 1; i >= 0; i-- {
		unitID, err := strconv.ParseInt(strings.TrimPrefix(labels[i], "u"), 10, 64)
		if err != nil {
			return fmt.Errorf("feedback: unit path %q: %w", e.UnitPath, err)
		}
		users, err := s.Handlers.HandlersOf(ctx, unitID)
		if err != nil || len(users) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		for _, uid := range users {
			if err := s.Notify.Notify(ctx, tx, uid, "有一条意见建议超期未办，已提级至"+e.UnitName+"督办", "/feedback/messages/"+e.ID); err != nil {
				return err
			}
		}
		return nil
	}
	return nil
}

// EscalateArgs is the periodic job that escalates late messages.
type EscalateArgs struct{}

// Kind names the job in River's table.
func (EscalateArgs) Kind() string { return "feedback.escalate" }

// EscalateWorker runs EscalateArgs.
type EscalateWorker struct {
	river.WorkerDefaults[EscalateArgs]
	Service *Service
}

// Work escalates what is late now.
func (w *EscalateWorker) Work(ctx context.Context, _ *river.Job[EscalateArgs]) error {
	n, err := w.Service.Escalate(ctx)
	if err == nil && n > 0 {
		slog.InfoContext(ctx, "feedback escalated", "messages", n)
	}
	return err
}

// AddJobs registers the feedback worker and its schedule: deadlines are
// days, so each half hour is soon enough.
func (s *Service) AddJobs(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, &EscalateWorker{Service: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(30*time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return EscalateArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}
