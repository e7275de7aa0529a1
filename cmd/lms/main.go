// Command lms is the whole platform: the web server, the job workers and the
// administration commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"lms/internal/logbuf"
)

type command struct {
	name, summary string
	run           func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve HTTP and run job workers in the same process", cmdServe},
		{"worker", "run job workers only (transcoding, indexing, reminders)", cmdWorker},
		{"migrate", "apply or inspect database migrations: up | down | status", cmdMigrate},
		{"seed", "create data: demo (the demo organisation)", cmdSeed},
		{"user", "manage accounts: add | passwd | token | list", cmdUser},
		{"import", "bulk import: users FILE (.xlsx or .csv)", cmdImport},
		{"search", "search index: reindex (rebuild from PostgreSQL) | generate (benchmark data)", cmdSearch},
	}
}

// Env is what every command gets: the configuration and where to write.
type Env struct {
	Config Config
	Out    io.Writer
	Err    io.Writer
	In     io.Reader
	Log    *slog.Logger
	// Workers is how many jobs this process runs at once (serve, worker):
	// the pool grows with it.
	Workers int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs one command and returns the process exit code. Errors come out
// as one line, never a stack trace.
func Main(ctx context.Context, args []string, getenv func(string) string, in io.Reader, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(errOut)
		return 2
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		cfg, err := LoadConfig(getenv)
		if err != nil {
			fmt.Fprintln(errOut, "lms:", err)
			return 1
		}
		logs := logbuf.New(errOut, 200*time.Millisecond)
		env := &Env{Config: cfg, Out: out, Err: errOut, In: in, Log: newLogger(cfg, logs)}
		err = c.run(ctx, env, args[1:])
		logs.Close()
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if err != nil {
			fmt.Fprintln(errOut, "lms", args[0]+":", err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(errOut, "lms: unknown command %q\n", args[0])
	usage(errOut)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: lms COMMAND [flags]   (lms COMMAND --help for more)")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nsettings (environment):")
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(w, "  %-18s %s (default %s)\n", s.name, s.help, def)
	}
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// flags builds a FlagSet whose --help prints the usage and whose errors
// come back as one line.
func flags(env *Env, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet("lms "+name, flag.ContinueOnError)
	fs.SetOutput(env.Err)
	fs.Usage = func() {
		fmt.Fprintf(env.Err, "usage: lms %s\n", usageLine)
		fs.PrintDefaults()
	}
	return fs
}
