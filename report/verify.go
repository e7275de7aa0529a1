package report

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// Verify compares every pre-aggregated table with the raw records and
// returns the number of differing rows per table (none: all equal). It
// reads one snapshot, so changes committing meanwhile cannot make a
// difference appear.
func (s *Service) Verify(ctx context.Context) (map[string]int64, error) {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	if err := oneSnapshot(ctx, tx); err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, sm := range summaries {
		n, err := mismatches(ctx, tx, sm)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out[sm.table()] = n
		}
	}
	return out, nil
}

// Rebuild recomputes every pre-aggregated table from the raw records. The
// tables are locked against the report's hooks meanwhile: a change that
// commits during the rebuild waits, and adds its difference to the
// rebuilt sums.
func (s *Service) Rebuild(ctx context.Context) error {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	for _, sm := range summaries {
		if err := lockSummary(ctx, tx, sm); err != nil {
			return err
		}
	}
	for _, sm := range summaries {
		if err := rebuild(ctx, tx, sm); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// ReconcileArgs is the nightly job that checks the pre-aggregated figures
// against the raw records, and rebuilds them if they ever differ (which
// only a change made past the features' report hooks could cause: a bulk
// load, a hand-written UPDATE, a service left unwired).
type ReconcileArgs struct{}

// Kind names the job in River's table.
func (ReconcileArgs) Kind() string { return "report.reconcile" }

// ReconcileWorker runs ReconcileArgs.
type ReconcileWorker struct {
	river.WorkerDefaults[ReconcileArgs]
	Service *Service
}

// Timeout: at 4,000,000 enrollments the comparison reads them a few times.
func (w *ReconcileWorker) Timeout(*river.Job[ReconcileArgs]) time.Duration { return 30 * time.Minute }

// Work verifies, and rebuilds what differs.
func (w *ReconcileWorker) Work(ctx context.Context, _ *river.Job[ReconcileArgs]) error {
	diff, err := w.Service.Verify(ctx)
	if err != nil || len(diff) == 0 {
		return err
	}
	slog.ErrorContext(ctx, "report figures differed from the raw records; rebuilding", "rows", diff)
	return w.Service.Rebuild(ctx)
}

// AddJobs registers the report's worker and its nightly schedule.
func (s *Service) AddJobs(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, &ReconcileWorker{Service: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return ReconcileArgs{}, nil }, nil)}
}
