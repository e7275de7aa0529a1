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

	"lms/internal/db"
	"lms/org"
)

func cmdMigrate(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "migrate", "migrate up|down|status")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app, err := openApp(ctx, env, false)
	if err != nil {
		return err
	}
	defer app.Close()
	switch fs.Arg(0) {
	case "up":
		return db.MigrateUp(ctx, app.Pool, env.Out)
	case "down":
		return db.MigrateDown(ctx, app.Pool, env.Out)
	case "status":
		return db.MigrateStatus(ctx, app.Pool, env.Out)
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
	app, err := openApp(ctx, env, true)
	if err != nil {
		return err
	}
	defer app.Close()
	logins, err := app.Org.SeedDemo(ctx)
	if err != nil {
		return err
	}
	if err := app.seedDemoContent(ctx, env); err != nil {
		return err
	}
	if err := app.seedTraining(ctx); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "Demo logins (password %s for all):\n", org.DemoPassword)
	tw := tabwriter.NewWriter(env.Out, 2, 4, 2, ' ', 0)
	for _, l := range logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Username, l.Name, l.Role, l.Unit)
	}
	return tw.Flush()
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
	app, err := openApp(ctx, env, false)
	if err != nil {
		return err
	}
	defer app.Close()
	rows, err := org.ReadRoster(data)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := app.Org.ImportUsers(ctx, org.System(), rows, org.ImportOptions{DryRun: *dry, InitialPassword: *initial})
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

func parseUnitRef(ctx context.Context, app *App, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return id, nil
	}
	return app.Org.UnitIDByPath(ctx, ref)
}
