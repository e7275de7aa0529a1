package main

import (
	"context"
	"fmt"
	"time"

	"lms/internal/app"
	"lms/internal/calendar"
	"lms/org"
)

// `lms seed scale` generates a large group for measuring the reports
// (internal/app.SeedScale; each feature loads its own tables).

func cmdSeedScale(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "seed scale", "seed scale [--units=N] [--users=N] [--courses=N] [--year=Y] [--seed=S]")
	o := app.ScaleOptions{}
	fs.IntVar(&o.Units, "units", 10000, "units in the tree (at least 4)")
	fs.IntVar(&o.Users, "users", 200000, "people")
	fs.IntVar(&o.Courses, "courses", 200, "courses (at least 40)")
	fs.IntVar(&o.Year, "year", time.Now().In(chinaTZ).Year(), "study year of the enrollments")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Units < 4 || o.Users < 1 || o.Courses < 40 || o.Year < 2000 || o.Year > 2100 {
		fs.Usage()
		return fmt.Errorf("--units must be at least 4, --courses at least 40, --users at least 1")
	}
	a, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	loaded, err := app.SeedScale(ctx, a.Pool, o, env.Out)
	if err != nil {
		return err
	}
	if !loaded {
		fmt.Fprintf(env.Out, "%s exists already: nothing to do\n", org.ScaleRootName)
	} else {
		fmt.Fprintf(env.Out, "done in %s (password of scale_admin and scale_committee: %s)\n",
			time.Since(start).Round(time.Second), org.DemoPassword)
	}
	root, company, err := org.ScaleIDs(ctx, a.Pool)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "root_id=%d\nbranch_id=%d\n", root, company)
	return nil
}

var chinaTZ = calendar.Zone
