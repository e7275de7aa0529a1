package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"lms/internal/app"
	"lms/internal/db"
	"lms/org"
)

func cmdMigrate(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "migrate", "migrate up|down|status")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer a.Close()
	switch fs.Arg(0) {
	case "up":
		return db.MigrateUp(ctx, a.Pool, env.Out)
	case "down":
		return db.MigrateDown(ctx, a.Pool, env.Out)
	case "status":
		return db.MigrateStatus(ctx, a.Pool, env.Out)
	}
	fs.Usage()
	return fmt.Errorf("say up, down or status")
}

func cmdSeed(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "scale" {
		return cmdSeedScale(ctx, env, args[1:])
	}
	fs := flags(env, "seed", "seed demo | seed scale [--units=N] [--users=N] [--courses=N]")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.Arg(0) != "demo" {
		fs.Usage()
		return fmt.Errorf("say what to seed: demo")
	}
	// Seeding never searches: the index stays with the serving process,
	// which runs the indexing jobs the seed enqueues.
	cfg := appConfig(env)
	cfg.NoIndex = true
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	logins, added, err := a.SeedDemo(ctx)
	if err != nil {
		return err
	}
	printSeeded(env, added, time.Since(start))
	fmt.Fprintf(env.Out, "Demo logins (password %s for all):\n", org.DemoPassword)
	tw := tabwriter.NewWriter(env.Out, 2, 4, 2, ' ', 0)
	for _, l := range logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Username, l.Name, l.Role, l.Unit)
	}
	return tw.Flush()
}

func printSeeded(env *Env, added []string, took time.Duration) {
	if len(added) == 0 {
		fmt.Fprintln(env.Out, "Demo content: already there.")
		return
	}
	fmt.Fprintf(env.Out, "Demo content added in %s (the lecture is transcoded and the search index filled by lms serve): %s\n",
		took.Round(time.Millisecond), strings.Join(added, "、"))
}

func cmdImport(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "import", "import users FILE [--dry-run] [--initial-password=P]")
	dry := fs.Bool("dry-run", false, "check the file and report, write nothing")
	initial := fs.String("initial-password", "", "password of the new accounts (generated when empty); they must change it at first login")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.Arg(0) != "users" || fs.NArg() != 2 {
		fs.Usage()
		return fmt.Errorf("say: import users FILE")
	}
	data, err := os.ReadFile(fs.Arg(1))
	if err != nil {
		return err
	}
	a, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer a.Close()
	rows, err := org.ReadRoster(data)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := a.Org.ImportUsers(ctx, org.System(), rows, org.ImportOptions{DryRun: *dry, InitialPassword: *initial})
	if err != nil {
		return err
	}
	return printImport(env, rep, time.Since(start))
}

func printImport(env *Env, rep *org.ImportReport, took time.Duration) error {
	for _, e := range rep.Errors {
		fmt.Fprintf(env.Out, "row %d: %s\n", e.Line, e.Message)
	}
	switch {
	case len(rep.Errors) > 0:
		return fmt.Errorf("%d of %d rows rejected; nothing was written", len(rep.Errors), rep.Total)
	case rep.DryRun:
		fmt.Fprintf(env.Out, "dry run: %d rows valid (%d new, %d updated); nothing written\n", rep.Total, rep.Created, rep.Updated)
	default:
		fmt.Fprintf(env.Out, "imported %d rows (%d new, %d updated) in %s\n", rep.Total, rep.Created, rep.Updated, took.Round(time.Millisecond))
		if rep.InitialPassword != "" && rep.Created > 0 {
			fmt.Fprintf(env.Out, "initial password of the new accounts: %s (they must change it at first login)\n", rep.InitialPassword)
		}
	}
	return nil
}

// readPassword takes a password from a flag, else the first line of stdin.
func readPassword(env *Env, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	fmt.Fprint(env.Err, "password: ")
	line, err := bufio.NewReader(env.In).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password given: %v", err)
	}
	return line, nil
}

func parseUnitRef(ctx context.Context, a *app.Admin, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return id, nil
	}
	return a.Org.UnitIDByPath(ctx, ref)
}
