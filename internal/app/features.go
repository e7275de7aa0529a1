package app

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"lms/media"
)

// feature is one feature's place in the program: how it is joined to the
// others, how it says it is fully joined, and the jobs it runs.
type feature struct {
	name  string
	wire  func() error // nil: nothing to join
	ready func() error // nil: needs no collaborator
	jobs  func(*river.Workers) []*river.PeriodicJob
}

// features is every feature in the order it is wired. A new feature is one
// more entry (and its wire_FEATURE.go).
func (a *App) features() []feature {
	return []feature{
		{name: "org", jobs: a.Org.AddJobs},
		{name: "jobs", wire: a.wireJobs},
		{name: "quiz", wire: a.wireQuiz, ready: a.Quiz.Ready, jobs: a.Quiz.AddJobs},
		{name: "media", wire: a.wireMedia, ready: a.Media.Ready, jobs: a.Media.AddJobs},
		{name: "search", wire: a.wireSearch, ready: a.Search.Ready, jobs: a.searchJobs},
		{name: "scorm", wire: a.wireScorm, ready: a.Scorm.Ready},
		{name: "course", ready: a.Course.Ready, jobs: a.Course.AddJobs},
		{name: "report", wire: a.wireReport, ready: a.reportReady, jobs: a.Report.AddJobs},
		{name: "notice", wire: a.wireNotice, ready: a.noticeReady, jobs: a.Notice.AddJobs},
		{name: "feedback", wire: a.wireFeedback, ready: a.feedbackReady, jobs: a.Feedback.AddJobs},
		{name: "reflection", wire: a.wireReflection, ready: a.reflectionReady},
		{name: "appraisal", wire: a.wireAppraisal, ready: a.appraisalReady},
		{name: "training", wire: a.wireTraining, ready: a.trainingReady},
	}
}

// newJobs builds the River client: with Workers == 0 it only inserts jobs.
func (a *App) newJobs() (*river.Client[pgx.Tx], error) {
	cfg := &river.Config{Logger: a.log, FetchPollInterval: a.cfg.JobPoll}
	if n := a.cfg.Workers; n > 0 {
		w := river.NewWorkers()
		for _, f := range a.features() {
			if f.jobs != nil {
				cfg.PeriodicJobs = append(cfg.PeriodicJobs, f.jobs(w)...)
			}
		}
		cfg.Workers = w
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n},
			media.Queue: {MaxWorkers: media.QueueWorkers(n)}}
	}
	return river.NewClient(riverpgxv5.New(a.Pool), cfg)
}

// wireJobs gives each service the job client: services insert their jobs
// inside their own transactions (InsertTx).
func (a *App) wireJobs() error {
	a.Course.Jobs, a.Quiz.Jobs, a.Media.Jobs = a.Jobs, a.Jobs, a.Jobs
	a.Search.SetJobs(a.Jobs)
	return nil
}

func (a *App) searchJobs(w *river.Workers) []*river.PeriodicJob {
	a.Search.AddJobs(w)
	return nil
}

// Start runs the job workers, when this process has any, until Stop.
func (a *App) Start(ctx context.Context) error {
	if a.cfg.Workers == 0 {
		return nil
	}
	return a.Jobs.Start(context.WithoutCancel(ctx))
}

// Stop lets the running jobs finish (until ctx ends) and stops the workers.
func (a *App) Stop(ctx context.Context) error {
	if a.cfg.Workers == 0 {
		return nil
	}
	return a.Jobs.Stop(ctx)
}

// Workers is how many jobs this process runs at once.
func (a *App) Workers() int { return a.cfg.Workers }
