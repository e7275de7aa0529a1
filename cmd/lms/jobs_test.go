package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lms/internal/db"
)

// The first `make run`: serve's four job workers run what seeding the
// demo enqueued, the lecture's transcode and some 35 indexing jobs. They
// must all finish on a pool of four connections (pgx's own default on two
// cores) without River reporting an error. A job that keeps a pooled
// connection while it waits for another (indexing inside a transaction
// did, and so did the transcode's lock) leaves River's completer and
// producers without one: they time out every 10 s, until the jobs' own
// time limits minutes later.
func TestDemoJobsFinishOnASmallPool(t *testing.T) {
	t.Parallel()
	env := stackEnv(t)
	env["LMS_DATABASE_URL"] = withPoolSize(t, env["LMS_DATABASE_URL"], 4)
	for _, args := range [][]string{{"migrate", "up"}, {"seed", "demo"}} {
		if code, _, errOut := run(t, env, args...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	e := &Env{Config: cfg, Out: io.Discard, Err: io.Discard,
		Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, e, 4, nil) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(time.Minute): // jobs stuck on the pool keep it from closing
			t.Error("serve did not stop")
		}
	})
	start := time.Now()
	waitJobs(t, env["LMS_DATABASE_URL"], done)
	t.Logf("demo jobs done %s after serve started", time.Since(start).Round(time.Millisecond))
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("logged while the demo's jobs ran: %s", line)
		}
	}
}

// withPoolSize sets pool_max_conns in a database URL.
func withPoolSize(t *testing.T, raw string, n int) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("pool_max_conns", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}

// waitJobs waits until every job is completed, failing at once on one
// that failed or was discarded; done reports serve ending early.
func waitJobs(t *testing.T, dbURL string, done <-chan error) {
	t.Helper()
	pool, err := db.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	// Normally a few seconds; only a starved pool comes near this.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var left, bad int
		err := pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE state <> 'completed'),
			count(*) FILTER (WHERE errors IS NOT NULL OR state IN ('discarded', 'cancelled')) FROM river_job`).Scan(&left, &bad)
		switch {
		case err != nil:
			t.Fatal(err)
		case bad > 0:
			t.Fatalf("%d jobs failed at least once", bad)
		case left == 0:
			return
		case time.Now().After(deadline):
			t.Fatalf("%d jobs still not completed", left)
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// syncBuffer collects log lines written from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
