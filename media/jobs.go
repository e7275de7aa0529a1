package media

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// TranscodeArgs is the job that probes and transcodes one asset.
type TranscodeArgs struct {
	AssetID int64 `json:"asset_id" river:"unique"`
}

// Kind names the job in River's table.
func (TranscodeArgs) Kind() string { return "media.transcode" }

// InsertOpts: one pending or running job per asset; transient faults are
// retried with River's exponential backoff (1 s, 16 s, 81 s … about an
// hour and a half in all) before the asset is failed.
func (TranscodeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: 8, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled}}}
}

// TranscodeWorker runs TranscodeArgs.
type TranscodeWorker struct {
	river.WorkerDefaults[TranscodeArgs]
	Service *Service
}

// Timeout: none from River; ffmpeg has its own limit, from the duration.
func (w *TranscodeWorker) Timeout(*river.Job[TranscodeArgs]) time.Duration { return -1 }

// Work transcodes; the run name makes each delivery's staging prefix its own.
func (w *TranscodeWorker) Work(ctx context.Context, job *river.Job[TranscodeArgs]) error {
	run := fmt.Sprintf("%d-%d", job.ID, job.Attempt)
	return w.Service.Transcode(ctx, job.Args.AssetID, run, job.Attempt >= job.MaxAttempts)
}

func (s *Service) enqueueTranscode(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := s.Jobs.InsertTx(ctx, tx, TranscodeArgs{AssetID: id}, nil)
	return err
}

// PurgeArgs deletes the objects of a deleted asset.
type PurgeArgs struct {
	AssetID int64 `json:"asset_id"`
}

// Kind names the job in River's table.
func (PurgeArgs) Kind() string { return "media.purge" }

// PurgeWorker runs PurgeArgs.
type PurgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	Service *Service
}

// Work removes everything under the asset's prefix.
func (w *PurgeWorker) Work(ctx context.Context, job *river.Job[PurgeArgs]) error {
	return w.Service.removePrefix(ctx, prefix(job.Args.AssetID))
}

func (s *Service) removePrefix(ctx context.Context, p string) error {
	objs := s.store.Client.ListObjects(ctx, s.store.Bucket, minio.ListObjectsOptions{Prefix: p, Recursive: true})
	var listErr error
	del := make(chan minio.ObjectInfo)
	go func() {
		defer close(del)
		for o := range objs {
			if o.Err != nil {
				listErr = o.Err
				continue
			}
			del <- o
		}
	}()
	for e := range s.store.Client.RemoveObjects(ctx, s.store.Bucket, del, minio.RemoveObjectsOptions{}) {
		listErr = e.Err
	}
	return listErr
}

// CleanupArgs is the periodic job that aborts uploads abandoned for a day.
type CleanupArgs struct{}

// Kind names the job in River's table.
func (CleanupArgs) Kind() string { return "media.cleanup_uploads" }

// CleanupWorker runs CleanupArgs.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	Service *Service
}

// Work aborts the stale uploads, freeing their parts in the object store.
func (w *CleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	_, err := w.Service.CleanupUploads(ctx, 24*time.Hour)
	return err
}

// CleanupUploads aborts the uploads started more than age ago.
func (s *Service) CleanupUploads(ctx context.Context, age time.Duration) (int, error) {
	list, err := staleUploads(ctx, s.db, s.now().Add(-age))
	if err != nil {
		return 0, err
	}
	for i := range list {
		if err := s.AbortUpload(ctx, &list[i]); err != nil {
			return i, err
		}
	}
	if len(list) > 0 {
		s.Log.Info("abandoned uploads removed", "count", len(list))
	}
	return len(list), nil
}

// AddJobs registers the media workers and the hourly upload clean-up.
func (s *Service) AddJobs(workers *river.Workers) []*river.PeriodicJob {
	river.AddWorker(workers, &TranscodeWorker{Service: s})
	river.AddWorker(workers, &PurgeWorker{Service: s})
	river.AddWorker(workers, &CleanupWorker{Service: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}
