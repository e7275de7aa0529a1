package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/riverqueue/river"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Transcode runs one delivery of an asset's transcode job. River delivers a
// job at least once, so it is idempotent: an asset already ready (or gone,
// or failed and waiting for the trainer) is left alone, each run writes
// under its own staging prefix, and only publish makes a run's outputs the
// asset's. A session-level advisory lock keeps two runs of one asset from
// overlapping even when River rescues a long job it thinks stuck. final
// says no retry follows a transient fault.
func (s *Service) Transcode(ctx context.Context, id int64, run string, final bool) error {
	unlock, ok, err := s.lockAsset(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return river.JobSnooze(time.Minute)
	}
	defer unlock()
	a, err := getAsset(ctx, s.db, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil || a.State == StateReady || a.State == StateFailed {
		return err
	}
	err = s.process(ctx, a, run)
	return s.settle(ctx, id, err, final)
}

// settle records how a run ended: a refused input fails the asset with its
// reason (no retry helps); a transient fault is returned for River to retry
// with backoff, and fails the asset, as worth a retry, only after the last
// attempt.
func (s *Service) settle(ctx context.Context, id int64, err error, final bool) error {
	ctx = context.WithoutCancel(ctx)
	reason, retry := failure(err)
	switch {
	case err == nil:
		return nil
	case !retry:
		s.Log.Info("media rejected", "asset", id, "reason", reason)
		return failAsset(ctx, s.db, id, reason, false)
	case final:
		s.Log.Error("media transcode gave up", "asset", id, "err", err)
		return errors.Join(err, failAsset(ctx, s.db, id, reason, true))
	}
	s.Log.Warn("media transcode will retry", "asset", id, "err", err)
	_ = setState(ctx, s.db, id, StateUploaded, "遇到临时故障，系统稍后自动重试")
	return err
}

// failure is what a failed run tells the trainer, and whether another run
// can succeed: a file that ffprobe or ffmpeg refused stays refused; a
// fault of the object store or the database passes.
func failure(err error) (reason string, retry bool) {
	var e *apperr.Error
	if isRejected(err) && errors.As(err, &e) {
		return e.Message, false
	}
	return "处理时多次遇到存储或数据库的临时故障，请稍后点击“重试”", true
}

// lockAsset takes the asset's advisory lock on a connection of its own,
// opened beside the pool rather than taken from it: the lock is held for
// the whole run (minutes of ffmpeg and object transfers) while the run
// writes through the pool, and a pooled connection held that long is one
// fewer for River's completer and the web handlers; as many transcodes as
// pool connections would leave none, not even for their own writes. The
// lock is freed by unlock, which closes that connection, or by PostgreSQL
// when the process dies.
func (s *Service) lockAsset(ctx context.Context, id int64) (func(), bool, error) {
	conn, err := pgx.ConnectConfig(ctx, s.db.Config().ConnConfig)
	if err != nil {
		return nil, false, err
	}
	// Unlock before closing: the server drops a closed session's locks only
	// once its backend has noticed, so a run just after this one could
	// still find the lock held and snooze for a minute.
	unlock := func() {
		ctx := context.Background()
		unlockAssetLock(ctx, conn, id)
		_ = conn.Close(ctx)
	}
	ok, err := tryAssetLock(ctx, conn, id)
	if err != nil || !ok {
		_ = conn.Close(context.Background())
		return nil, false, err
	}
	return unlock, true, nil
}

func (s *Service) process(ctx context.Context, a *Asset, run string) error {
	if err := setState(ctx, s.db, a.ID, StateProbing, ""); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(s.WorkDir, "media-*") // 0700: the private copy
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := s.fetchSource(ctx, a.ID, filepath.Join(dir, "source")); err != nil {
		return err
	}
	probe, err := runProbe(ctx, dir, s.ProbeTimeout)
	if err != nil {
		return err
	}
	if err := probe.Check(s.Limits); err != nil {
		return err
	}
	if err := saveProbe(ctx, s.db, a.ID, probe); err != nil {
		return err
	}
	plan := NewPlan(probe)
	if err := s.encode(ctx, a.ID, dir, plan); err != nil {
		return err
	}
	out, err := collectOutputs(dir, plan, prefix(a.ID)+"out-"+run+"/")
	if err != nil {
		return err
	}
	return s.uploadRun(ctx, a.ID, dir, out)
}

// fetchSource makes the private local copy ffprobe and ffmpeg work on.
func (s *Service) fetchSource(ctx context.Context, id int64, path string) error {
	obj, err := s.store.Client.GetObject(ctx, s.store.Bucket, sourceKey(id), minio.GetObjectOptions{})
	if err != nil {
		return storeDown(err)
	}
	defer obj.Close()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, obj)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return rejectf("原始文件已不存在，请重新上传")
	}
	if err != nil {
		return storeDown(err)
	}
	if n == 0 {
		return rejectf("文件为空（0 字节），请选择录制好的音视频文件")
	}
	return nil
}

// encode runs the one ffmpeg process, reporting progress at most every two
// seconds.
func (s *Service) encode(ctx context.Context, id int64, dir string, plan Plan) error {
	limit := s.TranscodeTimeout(plan.Duration)
	last := time.Time{}
	progress := func(outSec float64) {
		if time.Since(last) < 2*time.Second || plan.Duration <= 0 {
			return
		}
		last = time.Now()
		_ = setProgress(ctx, s.db, id, min(0.99, outSec/plan.Duration))
	}
	res, err := runTool(ctx, dir, "ffmpeg", plan.Args(), limit, progress)
	switch {
	case isTimeout(err):
		return rejectf("转码超时（超过 %s），文件可能已损坏", limit.Round(time.Minute))
	case ctx.Err() != nil:
		return ctx.Err() // shutting down: River runs the job again
	case err != nil:
		return rejectf("转码失败：%s", lastLine(res.stderr))
	}
	return nil
}

// publishRun makes the uploaded run the asset's; other runs' objects left
// by crashed or repeated deliveries are removed afterwards.
func (s *Service) publishRun(ctx context.Context, id int64, out *outputs) error {
	var published bool
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		published, err = publish(ctx, tx, id, out)
		return err
	})
	if err != nil {
		return err
	}
	keep := out.Prefix
	if !published {
		keep = "" // deleted meanwhile: this run's objects go too
	}
	s.removeRuns(context.WithoutCancel(ctx), id, keep)
	return nil
}

// removeRuns deletes every out-* prefix of the asset but keep.
func (s *Service) removeRuns(ctx context.Context, id int64, keep string) {
	objs := s.store.Client.ListObjects(ctx, s.store.Bucket, minio.ListObjectsOptions{Prefix: prefix(id) + "out-", Recursive: true})
	del := make(chan minio.ObjectInfo)
	go func() {
		defer close(del)
		for o := range objs {
			if o.Err == nil && (keep == "" || !hasPrefix(o.Key, keep)) {
				del <- o
			}
		}
	}()
	for e := range s.store.Client.RemoveObjects(ctx, s.store.Bucket, del, minio.RemoveObjectsOptions{}) {
		s.Log.Warn("media: could not remove an old output", "key", e.ObjectName, "err", e.Err)
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

var _ = fmt.Sprint
