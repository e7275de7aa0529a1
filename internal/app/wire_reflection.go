package app

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/internal/db"
	"lms/org"
	"lms/reflection"
	"lms/search"
)

// wireReflection builds the reflection service and joins it to courses: a
// course that requires a reflection completes only once it is approved,
// and an approval checks the course's completion (and credits its 学时)
// inside the approving transaction.
func (a *App) wireReflection() error {
	a.Reflection.Courses = coursesForReflection{a.Course, a.Pool}
	a.Course.Reflection = a.Reflection
	a.Reflection.OnApproved = func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error {
		_, err := a.Course.CheckCompletion(ctx, tx, userID, courseID)
		return err
	}
	a.Reflection.Notify = a.Course.NotifyReflection
	return nil
}

func (a *App) reflectionReady() error {
	if a.Reflection.Courses == nil || a.Reflection.OnApproved == nil || a.Reflection.Notify == nil ||
		a.Course.Reflection == nil {
		return errors.New("reflection: Courses, OnApproved, Notify or course's Reflection is not wired")
	}
	return nil
}

// coursesForReflection is what reflection must know of a course: its
// title and trainers, who is enrolled and by when, and its article texts.
type coursesForReflection struct {
	c  *course.Service
	db db.DBTX
}

func (a coursesForReflection) Info(ctx context.Context, ids []int64) (map[int64]reflection.CourseInfo, error) {
	found, err := a.c.Teaching(ctx, ids)
	out := make(map[int64]reflection.CourseInfo, len(found))
	for id, c := range found {
		out[id] = reflection.CourseInfo{Title: c.Title, UnitPath: c.UnitPath, Teachers: c.OwnerIDs}
	}
	return out, err
}

func (a coursesForReflection) Enrollment(ctx context.Context, userID, courseID int64) (bool, *time.Time, error) {
	e, err := a.c.EnrollmentFor(ctx, userID, courseID)
	if err != nil || e == nil {
		return false, nil, err
	}
	return true, e.DueAt, nil
}

func (a coursesForReflection) Enrolled(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error) {
	states, err := a.c.EnrolledIn(ctx, &org.Actor{UserID: userID}, ids)
	out := make(map[int64]bool, len(states))
	for id := range states {
		out[id] = true
	}
	return out, err
}

func (a coursesForReflection) Materials(ctx context.Context, courseID int64) ([]reflection.Material, error) {
	ids, err := a.c.LessonsOfCourse(ctx, a.db, courseID)
	if err != nil {
		return nil, err
	}
	var out []reflection.Material
	for _, id := range ids {
		l, _, err := a.c.LessonForSearch(ctx, id)
		if err != nil {
			return nil, err
		}
		if l.Kind == "article" && l.ArticleHTML != "" {
			out = append(out, reflection.Material{LessonID: l.ID, Title: l.Title, Text: search.HTMLText(l.ArticleHTML)})
		}
	}
	return out, nil
}

// seedReflection asks a reflection for the first demo course and hands in
// hb1_01's, for `lms seed demo`.
func (a *App) seedReflection(ctx context.Context) error {
	actors := map[string]*org.Actor{}
	for _, name := range []string{"demo_trainer", "hb1_01"} {
		u, err := a.Org.UserByUsername(ctx, name)
		if err != nil {
			return err
		}
		if actors[name], err = a.Org.Actor(ctx, u.ID); err != nil {
			return err
		}
	}
	trainer := actors["demo_trainer"]
	have, _, err := a.Course.Catalogue(ctx, trainer, course.CatalogueFilter{OwnerID: trainer.UserID, PerPage: 100})
	if err != nil {
		return err
	}
	for _, c := range have {
		if c.Title == course.DemoFirstCourse() {
			_, err := a.Reflection.SeedDemo(ctx, c.ID, trainer, actors["hb1_01"])
			return err
		}
	}
	return nil
}
