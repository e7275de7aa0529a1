// Package apptest builds the whole program for a test, as cmd/lms builds
// it, over the test's own database, bucket and an in-memory search index.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/app"
	"lms/internal/testenv"
	"lms/search"
)

// Options change what a test's program is built with.
type Options struct {
	// Workers > 0 runs every feature's job workers until the test ends;
	// 0 only inserts jobs (a test may then run them itself).
	Workers int
	// NoDemo skips the demo organisation (org.SeedDemo), which most tests log in to.
	NoDemo bool
	// Config, when set, changes the configuration before the build.
	Config func(*app.Config)
	// Pool, when set, is the database the program runs on instead of a
	// fresh one (a test that cuts the connection through a proxy).
	Pool *pgxpool.Pool
}

// New builds the program over a fresh database and bucket; it is closed
// when the test ends.
func New(t testing.TB, o Options) *app.App {
	t.Helper()
	a, err := Build(t, o)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Build is New that hands back the build's error, for tests of the build.
func Build(t testing.TB, o Options) (*app.App, error) {
	t.Helper()
	pool := o.Pool
	if pool == nil {
		pool = testenv.DB(t)
	}
	store := testenv.Store(t)
	idx, err := search.NewBleveMemory()
	if err != nil {
		t.Fatal(err)
	}
	cfg := app.Config{Workers: o.Workers, JobPoll: 100 * time.Millisecond, WorkDir: t.TempDir(), SecretKey: []byte(strings.Repeat("k", 32)),
		BaseURL: "http://localhost", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if o.Config != nil {
		o.Config(&cfg)
	}
	a, err := app.Build(app.Parts{Pool: pool, Store: store, Index: idx}, cfg)
	if err != nil {
		return nil, err
	}
	t.Cleanup(a.Close)
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = a.Stop(ctx)
	})
	if !o.NoDemo {
		if _, err := a.Org.SeedDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return a, nil
}
