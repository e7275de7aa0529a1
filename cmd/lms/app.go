package main

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"lms/course"
	"lms/internal/db"
	"lms/internal/objstore"
	"lms/media"
	"lms/org"
	"lms/quiz"
	"lms/report"
	"lms/search"
	"lms/training"
)

// App holds the connections and services of one process.
type App struct {
	Pool   *pgxpool.Pool
	Store  *objstore.Store
	Org    *org.Service
	Course *course.Service
	Quiz   *quiz.Service
	Media  *media.Service
	Search *search.Service // opened by the commands that search: openSearch
	Report *report.Service
	log    *slog.Logger

	Training *training.Service // wire_training.go
}

func openApp(ctx context.Context, env *Env, needStore bool) (*App, error) {
	pool, err := db.OpenSized(ctx, env.Config.DatabaseURL, poolSize(env.Workers))
	if err != nil {
		return nil, err
	}
	a := &App{Pool: pool, Org: org.NewService(pool), Course: course.NewService(pool), Report: report.NewService(pool),
		log: env.Log}
	a.wireQuiz()
	a.Org.SessionIdle, a.Org.SessionMax = env.Config.SessionIdle, env.Config.SessionMax
	a.Course.Mail = env.Config.Mail
	if needStore {
		if a.Store, err = objstore.Open(ctx, env.Config.S3); err != nil {
			a.Close()
			return nil, err
		}
	}
	a.Course.Store = a.Store
	if err := a.wireTraining(env); err != nil {
		a.Close()
		return nil, err
	}
	a.Media = newMedia(pool, a.Store, env)
	a.wireMedia()
	a.wireSearch()
	// Access rules that cannot ask who teaches a course must not guess.
	if err := a.Quiz.Ready(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// poolSize leaves each running job a connection beside what the web
// server and the heartbeat writers need.
func poolSize(workers int) int32 {
	return int32(max(db.DefaultMaxConns, workers+16))
}

// Close flushes the heartbeats in flight, then closes the pool.
func (a *App) Close() {
	a.closeSearch()
	a.Course.Close()
	// The pool waits for every connection to come back; a job that
	// outlived its stop deadline must not keep the process from exiting.
	closed := make(chan struct{})
	go func() {
		a.Pool.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(poolCloseWait):
		cmp.Or(a.log, slog.Default()).Warn("exiting with database connections still in use", "waited", poolCloseWait)
	}
}

// poolCloseWait is how long Close waits for the pool (a variable for tests).
var poolCloseWait = 10 * time.Second

// jobs builds the River client. With workers == 0 it only inserts jobs, for
// web servers that leave the work to `lms worker` machines.
func (a *App) jobs(env *Env, workers int) (*river.Client[pgx.Tx], error) {
	cfg := &river.Config{Logger: env.Log}
	if workers > 0 {
		w := river.NewWorkers()
		// Each feature registers its workers and periodic jobs here.
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, a.Org.AddJobs(w)...)
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, a.Course.AddJobs(w)...)
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, a.Quiz.AddJobs(w)...)
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, a.Media.AddJobs(w)...)
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, a.Report.AddJobs(w)...)
		a.searchJobs(w)
		cfg.Workers = w
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}}
		cfg.Queues[media.Queue] = river.QueueConfig{MaxWorkers: media.QueueWorkers(workers)}
	}
	client, err := river.NewClient(riverpgxv5.New(a.Pool), cfg)
	if err != nil {
		return nil, err
	}
	// Services insert their jobs through the client, inside their own
	// transactions (InsertTx); each feature's service gets it here.
	a.Course.Jobs = client
	a.Quiz.Jobs = client
	a.Media.Jobs = client
	if a.Search != nil {
		a.Search.SetJobs(client)
	}
	return client, nil
}

// newMedia builds the media service with the media settings.
func newMedia(pool *pgxpool.Pool, store *objstore.Store, env *Env) *media.Service {
	m := media.NewService(pool, store)
	env.Config.Media.Apply(m)
	m.Log = env.Log
	return m
}
