package media

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"lms/internal/testenv"
)

// fixture is a media service over a fresh database and bucket, with an
// insert-only River client and one trainer account.
type fixture struct {
	*Service
	owner int64
	river *river.Client[pgx.Tx]
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	pool := testenv.DB(t)
	svc := NewService(pool, testenv.Store(t))
	svc.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	svc.WorkDir = t.TempDir()
	rc, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	svc.Jobs = rc
	f := &fixture{Service: svc, river: rc}
	f.owner = f.user(t, "trainer1")
	return f
}

// user adds an account straight in SQL: the media tests need only its id.
func (f *fixture) user(t testing.TB, name string) int64 {
	ctx := context.Background()
	var unit, id int64
	err := f.db.QueryRow(ctx, `INSERT INTO units (name, path) VALUES ($1, text2ltree('t' || $1)) RETURNING id`, name).Scan(&unit)
	if err == nil {
		err = f.db.QueryRow(ctx, `INSERT INTO users (username, display_name, unit_id) VALUES ($1, $1, $2) RETURNING id`, name, unit).Scan(&id)
	}
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// ingest stores a local file as a new asset of the owner.
func (f *fixture) ingest(t testing.TB, path string) *Asset {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	a, err := f.Ingest(context.Background(), f.owner, "", filepath.Base(path), fh)
	if err != nil {
		t.Fatalf("ingest %s: %v", path, err)
	}
	return a
}

// transcode runs one delivery of the job, as River would.
func (f *fixture) transcode(t *testing.T, id int64, run string) *Asset {
	t.Helper()
	if err := f.Transcode(context.Background(), id, run, false); err != nil {
		t.Fatalf("transcode: %v", err)
	}
	a, err := f.Asset(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// keys lists the objects under an asset's prefix.
func (f *fixture) keys(t *testing.T, id int64) []string {
	var out []string
	for o := range f.store.Client.ListObjects(context.Background(), f.store.Bucket, listAll(prefix(id))) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, strings.TrimPrefix(o.Key, prefix(id)))
	}
	return out
}

// clip makes a small test file with ffmpeg's generated sources, e.g.
// clip(t, "a.mp4", "-f", "lavfi", "-i", "testsrc2=d=5", ...).
func clip(t testing.TB, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-nostdin", "-v", "error", "-y"}, args...), path)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, stderr.String())
	}
	return path
}

// lecture is a short landscape video with a tone.
func lecture(t testing.TB, seconds, w, h string) string {
	return clip(t, "lecture.mp4", "-f", "lavfi", "-i", "testsrc2=s="+w+"x"+h+":r=25:d="+seconds,
		"-f", "lavfi", "-i", "sine=f=440:d="+seconds, "-c:v", "libx264", "-preset", "ultrafast",
		"-c:a", "aac", "-shortest")
}
