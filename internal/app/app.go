// Package app builds the whole program from its configuration: the
// connections, every feature's service, the collaborators joined between
// them and the job client. cmd/lms and every test that needs the whole
// program build it here (tests through apptest), so the two cannot drift.
//
// The program refuses to start when a feature lacks a collaborator: each
// service's Ready names what was not wired, and New fails with it.
//
// Adding a feature takes a few lines, all in this package:
//  1. a field in App and its service built in services();
//  2. a file wire_FEATURE.go with func (a *App) wireFEATURE() error that
//     joins it to the others through adapters (its interfaces, their
//     services) and registers its search source;
//  3. one entry in features() (features.go) naming the wire, its Ready
//     and its AddJobs;
//  4. its demo content, if any, called from SeedDemo (seed.go).
//
// web is not imported here: cmd/lms (webServer in app.go) and web's tests
// (appServer) make the web server's dependencies from the App, so a
// feature with pages also adds its field to web.Deps in those two places.
package app

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"lms/appraisal"
	"lms/course"
	"lms/feedback"
	"lms/internal/db"
	"lms/internal/objstore"
	"lms/media"
	"lms/notice"
	"lms/org"
	"lms/quiz"
	"lms/reflection"
	"lms/report"
	"lms/scorm"
	"lms/search"
	"lms/training"
)

// App holds the connections and services of one process.
type App struct {
	Pool       *pgxpool.Pool
	Store      *objstore.Store
	Jobs       *river.Client[pgx.Tx]
	Org        *org.Service
	Course     *course.Service
	Quiz       *quiz.Service
	Media      *media.Service
	Search     *search.Service
	Report     *report.Service
	Notice     *notice.Service
	Feedback   *feedback.Service
	Reflection *reflection.Service
	Appraisal  *appraisal.Service
	Training   *training.Service
	Scorm      *scorm.Service
	cfg        Config
	log        *slog.Logger
}

// Parts are the outside services the program runs on, opened by New or
// handed in by a test.
type Parts struct {
	Pool  *pgxpool.Pool
	Store *objstore.Store
	Index search.Index
}

// New opens the database, the object store and the search index, and
// builds the program on them.
func New(ctx context.Context, cfg Config) (*App, error) {
	p, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a, err := Build(p, cfg)
	if err != nil {
		p.close()
	}
	return a, err
}

// Open opens the outside services the configuration names.
func Open(ctx context.Context, cfg Config) (Parts, error) {
	pool, err := db.OpenSized(ctx, cfg.DatabaseURL, PoolSize(cfg.Workers))
	if err != nil {
		return Parts{}, err
	}
	p := Parts{Pool: pool}
	if p.Store, err = objstore.Open(ctx, cfg.S3); err == nil && !cfg.NoIndex {
		var idx search.Index
		if idx, err = OpenIndex(cfg); err == nil {
			p.Index = idx
		}
	}
	if err != nil {
		p.close()
		return Parts{}, err
	}
	return p, nil
}

func (p Parts) close() {
	if p.Index != nil {
		_ = p.Index.Close()
	}
	p.Pool.Close()
}

// Build joins every feature on the given parts; it fails, naming the
// collaborator, when a feature is not fully wired.
func Build(p Parts, cfg Config) (*App, error) {
	return build(p, cfg, "")
}

// build leaves out the wire named skip: the test that a forgotten wire
// stops the program uses it.
func build(p Parts, cfg Config, skip string) (*App, error) {
	a := &App{Pool: p.Pool, Store: p.Store, cfg: cfg, log: cmp.Or(cfg.Log, slog.Default())}
	a.services(p)
	if err := a.join(skip); err != nil {
		a.Course.Close() // the parts stay open: they are the caller's
		return nil, err
	}
	return a, nil
}

// join gives the services the job client and each other, then checks that
// nothing is missing.
func (a *App) join(skip string) error {
	var err error
	if a.Jobs, err = a.newJobs(); err != nil {
		return err
	}
	for _, f := range a.features() {
		if f.name == skip || f.wire == nil {
			continue
		}
		if err := f.wire(); err != nil {
			return err
		}
	}
	return a.Ready()
}

// services builds each feature's service with its settings.
func (a *App) services(p Parts) {
	a.Org = org.NewService(p.Pool)
	if a.cfg.SessionIdle > 0 && a.cfg.SessionMax > 0 {
		a.Org.SessionIdle, a.Org.SessionMax = a.cfg.SessionIdle, a.cfg.SessionMax
	}
	a.Course = course.NewService(p.Pool)
	a.Course.Mail, a.Course.Store = a.cfg.Mail, p.Store
	a.Quiz = quiz.NewService(p.Pool)
	a.Media = media.NewService(p.Pool, p.Store)
	a.cfg.Media.Apply(a.Media)
	a.Media.Log = a.log
	if a.cfg.WorkDir != "" {
		a.Media.WorkDir = a.cfg.WorkDir
	}
	a.Search = search.NewService(p.Pool, p.Index)
	a.Report = report.NewService(p.Pool)
	a.Notice = notice.NewService(p.Pool)
	a.Feedback = feedback.NewService(p.Pool, p.Store, a.cfg.SecretKey)
	a.Reflection = reflection.NewService(p.Pool)
	a.Appraisal = appraisal.NewService(p.Pool, a.Org)
	a.Training = training.NewService(p.Pool)
	a.Scorm = scorm.NewService(p.Pool, p.Store)
}

// Ready reports the first collaborator missing anywhere in the program.
func (a *App) Ready() error {
	for _, f := range a.features() {
		if f.ready == nil {
			continue
		}
		if err := f.ready(); err != nil {
			return err
		}
	}
	return nil
}

// PoolSize leaves each running job a connection beside what the web
// server and the heartbeat writers need.
func PoolSize(workers int) int32 {
	return int32(max(db.DefaultMaxConns, workers+16))
}

// Close flushes the heartbeats in flight, closes the index, then the pool.
func (a *App) Close() {
	a.Course.Close()
	if idx := a.Search.Index(); idx != nil {
		_ = idx.Close()
	}
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
		a.log.Warn("exiting with database connections still in use", "waited", poolCloseWait)
	}
}

// poolCloseWait is how long Close waits for the pool (a variable for tests).
var poolCloseWait = 10 * time.Second
