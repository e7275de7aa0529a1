package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/course"
	"lms/internal/db"
	"lms/org"
	"lms/quiz"
	"lms/report"
)

// ScaleOptions size the group `lms seed scale` generates for measuring the
// reports.
type ScaleOptions struct {
	Units, Users, Courses, Year int
	Seed                        uint64 // the same seed gives the same data
}

// SeedScale loads a large generated group, each feature its own tables
// (org's tree and people, course's courses, assignments, enrollments,
// credits and requirements, quiz's quizzes and attempts), in one
// transaction, unless it is there already. Each step's time goes to out.
// It reports whether it loaded anything.
func SeedScale(ctx context.Context, pool *pgxpool.Pool, o ScaleOptions, out io.Writer) (bool, error) {
	if exists, err := org.ScaleExists(ctx, pool); err != nil || exists {
		return false, err
	}
	step := func(name string, fn func() error) error {
		t := time.Now()
		if err := fn(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(out, "%-12s %s\n", name, time.Since(t).Round(time.Millisecond))
		return nil
	}
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		return report.LoadScale(ctx, tx, func() error { return loadScale(ctx, tx, o, step) }, step)
	})
	if err != nil {
		return false, err
	}
	return true, db.VacuumAnalyze(ctx, pool)
}

func loadScale(ctx context.Context, tx pgx.Tx, o ScaleOptions, step db.Step) error {
	tree, err := org.LoadScale(ctx, tx, org.ScaleOptions{Units: o.Units, Users: o.Users, Seed: o.Seed}, step)
	if err != nil {
		return err
	}
	plan, err := course.LoadScale(ctx, tx, tree, course.ScaleOptions{Courses: o.Courses, Year: o.Year, Seed: o.Seed}, step)
	if err != nil {
		return err
	}
	courses := make([]quiz.ScaleCourse, len(plan.IDs))
	for i, id := range plan.IDs {
		courses[i] = quiz.ScaleCourse{ID: id, Title: plan.Titles[i]}
	}
	completions := plan.EachCompletion()
	next := func() (quiz.ScaleCompletion, bool) {
		c, ok := completions()
		return quiz.ScaleCompletion{UserID: c.UserID, Course: c.Course, Completed: c.Completed}, ok
	}
	return quiz.LoadScale(ctx, tx, courses, tree.UserIDs[0], o.Seed, next, step)
}
