package media

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lms/internal/objstore"
)

// privateMinIO runs a MinIO of this test's own on a free port, so stopping
// it disturbs nobody else's stack.
type privateMinIO struct {
	t    *testing.T
	dir  string
	port int
	cmd  *exec.Cmd
}

func minioBin() string {
	bin, _ := filepath.Abs("../bin/minio")
	if v := os.Getenv("MINIO_BIN"); v != "" {
		bin = v
	}
	return bin
}

func startPrivateMinIO(t *testing.T) *privateMinIO {
	bin := minioBin()
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("MinIO server not found at %s (make deps builds it): %v", bin, err)
	}
	m := &privateMinIO{t: t, dir: t.TempDir(), port: freePort(t)}
	m.start(bin)
	t.Cleanup(m.stop)
	return m
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (m *privateMinIO) start(bin string) {
	m.cmd = exec.Command(bin, "server", m.dir, "--address", fmt.Sprintf("127.0.0.1:%d", m.port),
		"--console-address", fmt.Sprintf("127.0.0.1:%d", freePort(m.t)))
	m.cmd.Env = append(os.Environ(), "MINIO_ROOT_USER=outage", "MINIO_ROOT_PASSWORD=outage-secret-1")
	m.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := m.cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	for range 150 {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/minio/health/live", m.port))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	m.t.Fatal("private MinIO did not start")
}

func (m *privateMinIO) stop() {
	if m.cmd != nil && m.cmd.Process != nil {
		_ = m.cmd.Process.Kill()
		_ = m.cmd.Wait()
		m.cmd = nil
	}
}

func (m *privateMinIO) config() objstore.Config {
	return objstore.Config{Endpoint: fmt.Sprintf("127.0.0.1:%d", m.port), AccessKey: "outage",
		SecretKey: "outage-secret-1", Bucket: "outage"}
}

// MinIO stops while a transcode runs: the run fails as a transient fault
// (River will retry it), nothing is published, and the next delivery,
// once MinIO is back, finishes with one set of outputs.
func TestTranscodeSurvivesMinIOOutage(t *testing.T) {
	t.Parallel()
	mio := startPrivateMinIO(t)
	f := newFixture(t)
	store, err := objstore.Open(context.Background(), mio.config())
	if err != nil {
		t.Fatal(err)
	}
	f.store = store
	a := f.ingest(t, lecture(t, "12", "854", "480"))
	ctx := context.Background()

	done := make(chan error, 1)
	go func() { done <- f.Transcode(ctx, a.ID, "1-1", false) }()
	waitState(t, f, a.ID, StateTranscoding)
	mio.stop() // mid-job: ffmpeg runs on the local copy, the upload will fail
	err = <-done
	if err == nil || isRejected(err) {
		t.Fatalf("run during the outage: %v, want a transient error for River to retry", err)
	}
	got, _ := f.Asset(ctx, a.ID)
	if got.State == StateReady || got.State == StateFailed || got.OutputPrefix != "" {
		t.Fatalf("after the outage: state %s, prefix %q", got.State, got.OutputPrefix)
	}
	var segs int
	_ = f.db.QueryRow(ctx, `SELECT count(*) FROM media_segments WHERE asset_id = $1`, a.ID).Scan(&segs)
	if segs != 0 {
		t.Errorf("%d segments published by the failed run", segs)
	}

	mio.start(minioBin())
	got = f.transcode(t, a.ID, "1-2") // River's retry
	if got.State != StateReady {
		t.Fatalf("retry after the outage: %s (%s)", got.State, got.Error)
	}
	for _, k := range f.keys(t, a.ID) {
		if k != "source" && !strings.HasPrefix(k, "out-1-2/") {
			t.Errorf("object outside the published run: %s", k)
		}
	}
}

func waitState(t *testing.T, f *fixture, id int64, state string) {
	t.Helper()
	for range 300 {
		a, err := f.Asset(context.Background(), id)
		if err == nil && a.State == state {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("asset never reached %s", state)
}
