package media

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"lms/internal/apperr"
)

// failingReader breaks like a dropped connection after n bytes.
type failingReader struct {
	r io.Reader
	n int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

// An upload interrupted halfway resumes from the parts the object store
// holds, and the joined file is the original byte for byte.
func TestUploadInterruptedThenResumed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	data := make([]byte, 2*PartSize+12345)
	for i := range data {
		data[i] = byte(i * 7)
	}
	u, err := f.StartUpload(ctx, f.owner, NewUpload{Title: "第一讲", Filename: "第一讲.mp4", Size: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	if u.Parts() != 3 || u.PartLen(3) != 12345 {
		t.Fatalf("parts %d, last %d", u.Parts(), u.PartLen(3))
	}
	part := func(n int) []byte { return data[(n-1)*PartSize : min(len(data), n*PartSize)] }
	if err := f.PutPart(ctx, u, 1, bytes.NewReader(part(1)), int64(len(part(1)))); err != nil {
		t.Fatal(err)
	}
	// Part 2 breaks halfway, as when the office network drops.
	broken := &failingReader{r: bytes.NewReader(part(2)), n: PartSize / 2}
	if err := f.PutPart(ctx, u, 2, broken, int64(len(part(2)))); err == nil {
		t.Fatal("a broken part was accepted")
	}
	if _, err := f.CompleteUpload(ctx, u); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("complete with missing parts: %v", err)
	}
	// The tab is closed; later the browser asks what is there and goes on.
	u, err = f.Upload(ctx, f.owner, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	done, err := f.DoneParts(ctx, u)
	if err != nil || len(done) != 1 || done[0] != 1 {
		t.Fatalf("done parts after the break: %v %v", done, err)
	}
	for _, n := range []int{2, 3} {
		if err := f.PutPart(ctx, u, n, bytes.NewReader(part(n)), int64(len(part(n)))); err != nil {
			t.Fatal(err)
		}
	}
	a, err := f.CompleteUpload(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if a.State != StateUploaded || a.Title != "第一讲" || a.SourceSize != int64(len(data)) {
		t.Errorf("asset %+v", a)
	}
	obj, err := f.Open(ctx, sourceKey(a.ID))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(obj)
	obj.Close()
	if !bytes.Equal(got, data) {
		t.Error("the joined source differs from the file sent")
	}
	var jobs int
	_ = f.db.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'media.transcode'`).Scan(&jobs)
	if jobs != 1 {
		t.Errorf("%d transcode jobs, want 1", jobs)
	}
	if _, err := f.Upload(ctx, f.owner, u.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("upload still listed after completion: %v", err)
	}
}

func TestUploadPartChecks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, err := f.StartUpload(ctx, f.owner, NewUpload{Filename: "a.mp4", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.PutPart(ctx, u, 2, strings.NewReader("x"), 1); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("part out of range: %v", err)
	}
	if err := f.PutPart(ctx, u, 1, strings.NewReader("short"), 5); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("part of the wrong size: %v", err)
	}
	other := f.user(t, "trainer2")
	if _, err := f.Upload(ctx, other, u.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another trainer sees the upload: %v", err)
	}
	link, err := f.PartURL(ctx, u, 1, true)
	if err != nil || !strings.Contains(link, "partNumber=1") || !strings.Contains(link, "X-Amz-Signature") {
		t.Errorf("presigned part URL %q: %v", link, err)
	}
}

// The periodic job aborts uploads abandoned for a day, parts included.
func TestCleanupAbandonedUploads(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	old, _ := f.StartUpload(ctx, f.owner, NewUpload{Filename: "old.mp4", Size: 10})
	fresh, _ := f.StartUpload(ctx, f.owner, NewUpload{Filename: "new.mp4", Size: 10})
	if err := f.PutPart(ctx, old, 1, strings.NewReader("0123456789"), 10); err != nil {
		t.Fatal(err)
	}
	_, _ = f.db.Exec(ctx, `UPDATE media_uploads SET created_at = now() - interval '25 hours' WHERE id = $1`, old.ID)
	n, err := f.CleanupUploads(ctx, 24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("cleanup: %d %v", n, err)
	}
	if _, err := f.DoneParts(ctx, old); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the abandoned multipart upload still exists: %v", err)
	}
	list, _ := f.Uploads(ctx, f.owner)
	if len(list) != 1 || list[0].ID != fresh.ID {
		t.Errorf("uploads left: %+v", list)
	}
}

func TestIngestFromScript(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	data, _ := os.ReadFile(lecture(t, "2", "320", "240"))
	a, err := f.Ingest(context.Background(), f.owner, "  党课\x00第二讲 ", "x.mp4", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "党课第二讲" || a.SourceSize != int64(len(data)) || a.State != StateUploaded {
		t.Errorf("asset %+v", a)
	}
}
