package main

import (
	"context"
	"testing"
	"time"

	"lms/course"
	"lms/internal/testenv"
)

// A connection that never comes back (a job past its stop deadline) must
// not keep the process from exiting.
func TestCloseDoesNotWaitForeverForThePool(t *testing.T) {
	pool := testenv.DB(t)
	conn, err := pool.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	wait := poolCloseWait
	poolCloseWait = 200 * time.Millisecond
	defer func() { poolCloseWait = wait }()
	app := &App{Pool: pool, Course: course.NewService(pool)}
	start := time.Now()
	app.Close()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Close took %v with a connection in use", took)
	}
}

// Each running job may hold a connection: the pool grows with --workers.
func TestPoolGrowsWithWorkers(t *testing.T) {
	for workers, want := range map[int]int32{0: 32, 4: 32, 16: 32, 100: 116} {
		if got := poolSize(workers); got != want {
			t.Errorf("poolSize(%d) = %d, want %d", workers, got, want)
		}
	}
}
