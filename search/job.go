package search

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// IndexArgs asks for one entity to be (re)indexed: Source is the source's
// Kind ("course", "lesson"…), ID the entity. (The field cannot be called
// Kind: River's JobArgs already has a Kind method.)
type IndexArgs struct {
	Source string `json:"kind"`
	ID     int64  `json:"id"`
}

// Kind names the job in River's table.
func (IndexArgs) Kind() string { return "search_index" }

// InsertOpts: retried with River's backoff for about three weeks, so a
// search backend that is down delays indexing but loses nothing.
func (IndexArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 25}
}

// Inserter is the part of the River client that inserts a job inside the
// caller's transaction.
type Inserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Enqueue asks for an entity to be reindexed when tx commits. Owners of
// content call it in the transaction that changes, publishes, unpublishes or
// deletes it: the job exists if and only if the change does. To take an
// entity out of results, make its Source return no docs, then enqueue.
func Enqueue(ctx context.Context, tx pgx.Tx, ins Inserter, kind string, id int64) error {
	if !sourceKindRe.MatchString(kind) {
		return fmt.Errorf("search.Enqueue: bad source kind %q", kind)
	}
	_, err := ins.InsertTx(ctx, tx, IndexArgs{Source: kind, ID: id}, nil)
	return err
}

// Enqueue is search.Enqueue with the service's job client.
func (s *Service) Enqueue(ctx context.Context, tx pgx.Tx, kind string, id int64) error {
	if s.jobs == nil {
		return fmt.Errorf("search: no job client (SetJobs not called)")
	}
	return Enqueue(ctx, tx, s.jobs, kind, id)
}

// IndexWorker runs IndexArgs.
type IndexWorker struct {
	river.WorkerDefaults[IndexArgs]
	Service *Service
}

// Work indexes the entity; an error makes River retry later.
func (w *IndexWorker) Work(ctx context.Context, job *river.Job[IndexArgs]) error {
	return w.Service.IndexEntity(ctx, job.Args.Source, job.Args.ID)
}

// Timeout leaves room for pdftotext on a long document.
func (w *IndexWorker) Timeout(*river.Job[IndexArgs]) time.Duration { return 10 * time.Minute }

// AddJobs registers the indexing worker.
func (s *Service) AddJobs(workers *river.Workers) {
	river.AddWorker(workers, &IndexWorker{Service: s})
}
