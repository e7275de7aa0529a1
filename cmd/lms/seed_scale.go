package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
	"lms/org"
	"lms/report"
)

// `lms seed scale` generates a large group for measuring the reports: a
// tree of units, people in them, courses assigned from the top, the
// companies and the 党总支, self-chosen courses, completions, credited
// hours and quiz results — about 20 enrollments a person. Every table is
// loaded with COPY; the report triggers keep their sums as rows arrive.

const scaleRootName = "规模测试集团"

type scaleOpts struct {
	units, users, courses int
	year                  int
	seed                  uint64
}

func cmdSeedScale(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "seed scale", "seed scale [--units=N] [--users=N] [--courses=N] [--year=Y] [--seed=S]")
	o := scaleOpts{}
	fs.IntVar(&o.units, "units", 10000, "units in the tree (at least 4)")
	fs.IntVar(&o.users, "users", 200000, "people")
	fs.IntVar(&o.courses, "courses", 200, "courses (at least 40)")
	fs.IntVar(&o.year, "year", time.Now().In(chinaTZ).Year(), "study year of the enrollments")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.units < 4 || o.users < 1 || o.courses < 40 || o.year < 2000 || o.year > 2100 {
		fs.Usage()
		return fmt.Errorf("--units must be at least 4, --courses at least 40, --users at least 1")
	}
	app, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer app.Close()
	var exists bool
	if err := app.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE parent_id IS NULL AND name = $1)`,
		scaleRootName).Scan(&exists); err != nil || exists {
		if exists {
			fmt.Fprintf(env.Out, "%s exists already: nothing to do\n", scaleRootName)
		}
		return printScaleIDs(ctx, env, app.Pool, err)
	}
	start := time.Now()
	err = db.InTx(ctx, app.Pool, func(tx pgx.Tx) error { return seedScale(ctx, env, tx, o) })
	if err != nil {
		return err
	}
	// VACUUM sets the visibility map and hint bits now, so the first
	// reports do not pay for them; ANALYZE gives the planner the new sizes.
	if _, err := app.Pool.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "done in %s (password of scale_admin and scale_committee: %s)\n",
		time.Since(start).Round(time.Second), org.DemoPassword)
	return printScaleIDs(ctx, env, app.Pool, nil)
}

// printScaleIDs prints the ids the benchmark asks for: the whole tree and
// its first company.
func printScaleIDs(ctx context.Context, env *Env, q db.DBTX, err error) error {
	if err != nil {
		return err
	}
	var root, branch int64
	err = q.QueryRow(ctx, `SELECT r.id, (SELECT min(id) FROM units WHERE parent_id = r.id)
		FROM units r WHERE r.parent_id IS NULL AND r.name = $1`, scaleRootName).Scan(&root, &branch)
	if err == nil {
		fmt.Fprintf(env.Out, "root_id=%d\nbranch_id=%d\n", root, branch)
	}
	return err
}

var chinaTZ = time.FixedZone("CST", 8*3600)

func seedScale(ctx context.Context, env *Env, tx pgx.Tx, o scaleOpts) error {
	p := newScalePlan(o)
	step := func(name string, fn func() error) error {
		t := time.Now()
		if err := fn(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(env.Out, "%-12s %s\n", name, time.Since(t).Round(time.Millisecond))
		return nil
	}
	if err := reportTriggers(ctx, tx, "DISABLE"); err != nil {
		return err
	}
	for _, s := range []struct {
		name string
		fn   func(context.Context, pgx.Tx) error
	}{
		{"units", p.loadUnits}, {"users", p.loadUsers}, {"courses", p.loadCourses},
		{"assignments", p.loadAssignments}, {"enrollments", p.loadEnrollments}, {"credits", p.loadCredits},
		{"quizzes", p.loadQuizzes}, {"attempts", p.loadAttempts}, {"requirements", p.loadRequirements},
	} {
		if err := step(s.name, func() error { return s.fn(ctx, tx) }); err != nil {
			return err
		}
	}
	if err := reportTriggers(ctx, tx, "ENABLE"); err != nil {
		return err
	}
	return step("report sums", func() error { return report.NewService(tx).Rebuild(ctx) })
}

// reportTriggers switches the report's sum-keeping triggers off for the
// load (inside its transaction: a failed load leaves them on) and back on;
// the sums are then computed once from everything loaded, which takes a
// fraction of the time of summing a hundred thousand rows at a time.
func reportTriggers(ctx context.Context, tx pgx.Tx, action string) error {
	for _, t := range []string{"users report_users_ins", "enrollments report_enroll_ins",
		"credit_ledger report_ledger_ins", "quiz_attempts report_quiz_ins"} {
		table, trigger, _ := strings.Cut(t, " ")
		if _, err := tx.Exec(ctx, `ALTER TABLE `+table+` `+action+` TRIGGER `+trigger); err != nil {
			return err
		}
	}
	return nil
}

// reserveIDs takes n values of a table's identity sequence, so rows can be
// generated with their ids (paths and references need them) and copied.
func reserveIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	rows, _ := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// copyWithIDs copies rows that carry their identity values: COPY into a
// temporary table of the same columns, then one INSERT … OVERRIDING SYSTEM
// VALUE. ltree columns (path, unit_path) travel as text: COPY's binary
// format has no encoding for them.
func copyWithIDs(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	tmp := "seed_" + table
	sel, cast := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		sel[i], cast[i] = c, c
		if c == "path" || c == "unit_path" {
			sel[i], cast[i] = c+"::text AS "+c, c+"::ltree"
		}
	}
	_, err := tx.Exec(ctx, `CREATE TEMP TABLE `+tmp+` ON COMMIT DROP AS SELECT `+strings.Join(sel, ", ")+
		` FROM `+table+` WITH NO DATA`)
	if err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, cols, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) OVERRIDING SYSTEM VALUE SELECT `+
		strings.Join(cast, ", ")+` FROM `+tmp)
	return err
}

// copyChunks streams generated rows with COPY, one statement per chunk so
// that each statement's trigger sums a bounded batch. next returns nil at
// the end.
func copyChunks(ctx context.Context, tx pgx.Tx, table string, cols []string, next func() []any) error {
	const chunk = 100_000
	done := false
	for !done {
		n := 0
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if n == chunk {
				return nil, nil
			}
			row := next()
			if row == nil {
				done = true
				return nil, nil
			}
			n++
			return row, nil
		}))
		if err != nil {
			return err
		}
	}
	return nil
}

var emptyPaper = json.RawMessage(`[]`)

func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}
