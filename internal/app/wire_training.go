package app

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/certificate"
	"lms/course"
	"lms/org"
	"lms/training"
)

// wireTraining builds the training service and joins it to courses (what
// a class schedules, whom it enrols), the ledger and people's names.
// The certificate font must be installed (fonts-droid-fallback): without
// it the program does not start, rather than fail at the first 结业.
func (a *App) wireTraining() error {
	pdf, err := certificate.NewRenderer("")
	if err != nil {
		return err
	}
	t := a.Training
	t.Courses = coursesForTraining{a.Course, a.Org}
	t.Ledger = ledgerForTraining{a.Course}
	t.People = peopleForTraining{a.Org}
	t.Secret, t.BaseURL, t.PDF, t.Store = a.cfg.SecretKey, a.cfg.BaseURL, pdf, a.Store
	return nil
}

func (a *App) trainingReady() error {
	t := a.Training
	if t.Courses == nil || t.Ledger == nil || t.People == nil || t.PDF == nil {
		return errors.New("training: Courses, Ledger, People or PDF is not wired")
	}
	return nil
}

type coursesForTraining struct {
	c *course.Service
	o *org.Service
}

func (a coursesForTraining) CourseInfo(ctx context.Context, ids []int64) (map[int64]training.CourseInfo, error) {
	found, err := a.c.Teaching(ctx, ids)
	out := make(map[int64]training.CourseInfo, len(found))
	for id, c := range found {
		out[id] = training.CourseInfo{ID: id, Title: c.Title, Hours: c.Hours, Published: c.State == "published"}
	}
	return out, err
}

// Enrol assigns the course to the class's people in batches the course
// feature accepts; a class already over gets a month to finish.
func (a coursesForTraining) Enrol(ctx context.Context, courseID int64, userIDs []int64, mandatory bool, due time.Time) error {
	if min := time.Now().Add(24 * time.Hour); due.Before(min) {
		due = min.AddDate(0, 1, 0)
	}
	for len(userIDs) > 0 {
		n := min(len(userIDs), 10000)
		_, err := a.c.Assign(ctx, org.System(), a.o, course.AssignInput{CourseID: courseID, UserIDs: userIDs[:n],
			Mandatory: mandatory, DueAt: due, Year: due.Year()})
		if err != nil {
			return err
		}
		userIDs = userIDs[n:]
	}
	return nil
}

type ledgerForTraining struct{ c *course.Service }

func (l ledgerForTraining) CreditOther(ctx context.Context, tx pgx.Tx, entries []training.Credit) (int64, error) {
	out := make([]course.OtherCredit, len(entries))
	for i, e := range entries {
		out[i] = course.OtherCredit(e)
	}
	return l.c.CreditOther(ctx, tx, out)
}

func (l ledgerForTraining) CreditedFor(ctx context.Context, tx pgx.Tx, users, courses []int64) (map[int64]float64, error) {
	return l.c.CreditedFor(ctx, tx, users, courses)
}

func (l ledgerForTraining) UncreditOther(ctx context.Context, tx pgx.Tx, userID int64, kind string, refID int64) error {
	return l.c.UncreditOther(ctx, tx, userID, kind, refID)
}

type peopleForTraining struct{ o *org.Service }

func (p peopleForTraining) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	return p.o.DisplayNames(ctx, ids)
}

// seedTraining is the training side of `lms seed demo`: one class of 华北.
func (a *App) seedTraining(ctx context.Context) error {
	unit, err := a.Org.UnitIDByPath(ctx, "示范能源集团/华北分公司党委")
	if err != nil {
		return err
	}
	_, err = a.Training.SeedDemo(ctx, a.Org, unit)
	return err
}
