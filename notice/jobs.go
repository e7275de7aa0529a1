package notice

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/internal/db"
)

// expiryEvery is how often notices past their expiry are told to the
// search index; readers' lists check the expiry on every read.
const expiryEvery = 10 * time.Minute

// ExpireArgs is the periodic job that reindexes the notices whose expiry
// passed in the last hour (the overlap makes a missed run harmless:
// reindexing an expired notice again changes nothing).
type ExpireArgs struct{}

// Kind names the job.
func (ExpireArgs) Kind() string { return "notice.expire" }

// ExpireWorker runs ExpireArgs.
type ExpireWorker struct {
	river.WorkerDefaults[ExpireArgs]
	Service *Service
}

// Work calls OnChange for each notice that expired lately.
func (w *ExpireWorker) Work(ctx context.Context, _ *river.Job[ExpireArgs]) error {
	s := w.Service
	if s.OnChange == nil {
		return nil
	}
	now := s.now()
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		ids, err := expiredBetween(ctx, tx, now.Add(-time.Hour), now)
		for _, id := range ids {
			if err == nil {
				err = s.OnChange(ctx, tx, id)
			}
		}
		return err
	})
}

// AddJobs registers the notice workers and their schedule.
func (s *Service) AddJobs(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, &RemindWorker{Service: s})
	river.AddWorker(workers, &ExpireWorker{Service: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(expiryEvery),
		func() (river.JobArgs, *river.InsertOpts) { return ExpireArgs{}, nil }, nil)}
}
