package quiz

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"lms/internal/apperr"
)

// SubmitDueArgs is the job that submits a timed attempt at its deadline,
// with the answers saved until then.
type SubmitDueArgs struct {
	AttemptID int64 `json:"attempt_id"`
}

// Kind names the job in River's table.
func (SubmitDueArgs) Kind() string { return "quiz.submit_due" }

// SubmitDueWorker runs SubmitDueArgs.
type SubmitDueWorker struct {
	river.WorkerDefaults[SubmitDueArgs]
	Service *Service
}

// Work submits the attempt unless the learner already did; a job that
// runs early (clock skew between machines) waits for the deadline.
func (w *SubmitDueWorker) Work(ctx context.Context, job *river.Job[SubmitDueArgs]) error {
	a, err := getAttempt(ctx, w.Service.db, job.Args.AttemptID)
	if apperr.Is(err, apperr.NotFound) {
		return nil // the quiz was deleted with its attempts
	}
	if err != nil || a.SubmittedAt != nil || a.Deadline == nil {
		return err
	}
	if wait := a.Deadline.Sub(w.Service.now()); wait > 0 {
		return river.JobSnooze(wait + time.Second)
	}
	return w.Service.submitDue(ctx, a.ID)
}

// AddJobs registers the quiz workers.
func (s *Service) AddJobs(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, &SubmitDueWorker{Service: s})
	return nil
}
