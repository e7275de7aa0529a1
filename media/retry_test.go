package media

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"lms/internal/apperr"
	"lms/internal/objstore"
)

// Only a failure that another run can fix is worth a retry: faults of the
// store or the database are; a file ffprobe or ffmpeg refused is not.
func TestFailureKinds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		err   error
		retry bool
		says  string
	}{
		{"object store down", storeDown(errors.New("dial tcp: connection refused")), true, "重试"},
		{"database fault", errors.New("pgx: conn closed"), true, "重试"},
		{"store fault wrapped", fmt.Errorf("upload run: %w", storeDown(errors.New("503"))), true, "重试"},
		{"not a media file (a PNG)", probeError("Input format png_pipe not on whitelist", errors.New("exit 1")), false, "不支持的文件格式"},
		{"garbage", probeError("Invalid data found when processing input", errors.New("exit 1")), false, "不是可播放"},
		{"truncated", probeError("moov atom not found", errors.New("exit 1")), false, "不完整"},
		{"too long", (&Probe{Duration: 36000, Audio: &AudioStream{}}).Check(DefaultLimits), false, "超过上限"},
		{"source gone", rejectf("原始文件已不存在，请重新上传"), false, "重新上传"},
	}
	for _, c := range cases {
		reason, retry := failure(c.err)
		if retry != c.retry || !strings.Contains(reason, c.says) {
			t.Errorf("%s: reason %q retry %v; want retry %v and %q", c.name, reason, retry, c.retry, c.says)
		}
	}
}

// A PNG can never transcode: once refused, a retry is refused too (the
// API is asked directly, as a script would) and no job is queued.
func TestRetryRefusedForRejectedInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	png := clip(t, "slide.png", "-f", "lavfi", "-i", "testsrc2=s=320x240:d=1", "-frames:v", "1")
	a := f.transcode(t, f.ingest(t, png).ID, "1-1")
	if a.State != StateFailed || a.Retryable {
		t.Fatalf("PNG: state %s retryable %v (%s)", a.State, a.Retryable, a.Error)
	}
	if err := f.Retry(ctx, a.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("retry of a refused PNG: %v, want a conflict", err)
	}
	if got, _ := f.Asset(ctx, a.ID); got.State != StateFailed {
		t.Errorf("after the refused retry: %s", got.State)
	}
}

// The last attempt during a store outage fails the asset as retryable;
// once the store is back a retry finishes it.
func TestRetryAfterOutageGaveUp(t *testing.T) {
	t.Parallel()
	mio := startPrivateMinIO(t)
	f := newFixture(t)
	store, err := objstore.Open(context.Background(), mio.config())
	if err != nil {
		t.Fatal(err)
	}
	f.store = store
	ctx := context.Background()
	a := f.ingest(t, lecture(t, "2", "320", "240"))
	mio.stop()
	if err := f.Transcode(ctx, a.ID, "1-1", true); err == nil {
		t.Fatal("the last attempt during an outage reported success")
	}
	got, _ := f.Asset(ctx, a.ID)
	if got.State != StateFailed || !got.Retryable {
		t.Fatalf("after giving up: state %s retryable %v (%s)", got.State, got.Retryable, got.Error)
	}
	mio.start(minioBin())
	if err := f.Retry(ctx, a.ID); err != nil {
		t.Fatalf("retry after the outage: %v", err)
	}
	if got := f.transcode(t, a.ID, "2-1"); got.State != StateReady {
		t.Errorf("retried run: %s (%s)", got.State, got.Error)
	}
}
