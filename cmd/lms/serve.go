package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/web"
)

func cmdServe(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "serve", "serve [--workers=N] [--listen=ADDR]")
	workers := fs.Int("workers", 4, "job workers in this process; 0 leaves jobs to `lms worker`")
	listen := fs.String("listen", env.Config.Listen, "HTTP listen address (LMS_LISTEN)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	env.Config.Listen = *listen
	return Serve(ctx, env, *workers, nil)
}

// Serve runs the web server (and workers) until ctx ends, then shuts both
// down gracefully. ready, when set, is told the address once listening: the
// end-to-end tests start it on :0.
func Serve(ctx context.Context, env *Env, workers int, ready func(addr string)) error {
	if err := env.Config.requireSecret(); err != nil {
		return err
	}
	env.Workers = workers
	app, err := openApp(ctx, env, true)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.openSearch(env); err != nil {
		return err
	}
	jobs, err := app.jobs(env, workers)
	if err != nil {
		return err
	}
	srv, err := web.New(web.Deps{Org: app.Org, Course: app.Course, Quiz: app.Quiz, Media: app.Media, Search: app.Search, Report: app.Report, DB: app.Pool, Store: app.Store, Log: env.Log,
		BaseURL: env.Config.BaseURL, SecretKey: []byte(env.Config.SecretKey),
		TrustedProxies: env.Config.TrustedProxies,
		Training:       app.Training})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", env.Config.Listen)
	if err != nil {
		return err
	}
	if err := startJobs(ctx, jobs, workers); err != nil {
		return err
	}
	startPprof(env.Log)
	if os.Getenv("GOGC") == "" {
		// The live heap is small and requests allocate briefly: collecting
		// less often buys throughput (heartbeats +10 %) for little memory.
		debug.SetGCPercent(300)
	}
	env.Log.Info("serving", "addr", ln.Addr().String(), "url", env.Config.BaseURL, "workers", workers)
	if ready != nil {
		ready(ln.Addr().String())
	}
	return runHTTP(ctx, env, ln, srv, jobs, workers)
}

func startJobs(ctx context.Context, jobs *river.Client[pgx.Tx], workers int) error {
	if workers == 0 {
		return nil
	}
	return jobs.Start(context.WithoutCancel(ctx))
}

func runHTTP(ctx context.Context, env *Env, ln net.Listener, h http.Handler, jobs *river.Client[pgx.Tx], workers int) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	env.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if workers > 0 {
		err = errors.Join(err, jobs.Stop(sctx))
	}
	return err
}

func cmdWorker(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "worker", "worker [--workers=N]")
	workers := fs.Int("workers", 4, "jobs run at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *workers < 1 {
		return errors.New("--workers must be at least 1")
	}
	env.Workers = *workers
	app, err := openApp(ctx, env, true)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.openSearch(env); err != nil {
		return err
	}
	jobs, err := app.jobs(env, *workers)
	if err != nil {
		return err
	}
	if err := jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	env.Log.Info("worker started", "workers", *workers)
	<-ctx.Done()
	env.Log.Info("worker stopping: finishing running jobs")
	sctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return jobs.Stop(sctx)
}
