package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/course"
	"lms/internal/db"
	"lms/org"
	"lms/report"
)

type learner struct {
	token    string
	userID   int64
	lessonID int64
}

// prepareLearners creates learners with API tokens, a course of video
// lessons, and enrolls them all, straight through the domain services.
func prepareLearners(ctx context.Context, url string, n, lessons int) ([]learner, error) {
	pool, err := db.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	orgs, courses, reports := org.NewService(pool), course.NewService(pool), report.NewService(pool)
	orgs.Reporter, courses.Reporter = reports, reports // the report's sums follow, as in lms
	defer courses.Close()
	if _, err := orgs.SeedDemo(ctx); err != nil {
		return nil, err
	}
	unitPath := "示范能源集团/华北分公司党委/机关党支部"
	if err := importLearners(ctx, orgs, unitPath, n); err != nil {
		return nil, err
	}
	ids, err := lessonSet(ctx, pool, courses, orgs, unitPath, lessons)
	if err != nil {
		return nil, err
	}
	out := make([]learner, n)
	for i := range out {
		u, err := orgs.UserByUsername(ctx, fmt.Sprintf("load%05d", i))
		if err != nil {
			return nil, err
		}
		tok, err := orgs.CreateAPIToken(ctx, org.System(), u.ID, "load")
		if err != nil {
			return nil, err
		}
		out[i] = learner{token: tok, userID: u.ID, lessonID: ids[i%len(ids)]}
	}
	return out, fetchedAll(ctx, pool, out)
}

func importLearners(ctx context.Context, orgs *org.Service, unit string, n int) error {
	var b strings.Builder
	b.WriteString("账号,姓名,组织\n")
	for i := range n {
		fmt.Fprintf(&b, "load%05d,学员%d,%s\n", i, i, unit)
	}
	rows, err := org.ReadRoster([]byte(b.String()))
	if err != nil {
		return err
	}
	rep, err := orgs.ImportUsers(ctx, org.System(), rows, org.ImportOptions{InitialPassword: "Load2026pass"})
	if err == nil && len(rep.Errors) > 0 {
		err = fmt.Errorf("import: %v", rep.Errors[0])
	}
	return err
}

// lessonSet makes a published course of video lessons assigned to the
// learners' unit.
func lessonSet(ctx context.Context, pool *pgxpool.Pool, courses *course.Service, orgs *org.Service, unit string, n int) ([]int64, error) {
	sys := org.System()
	title := "压力测试课程"
	c, err := courses.CreateCourse(ctx, sys, course.CourseInput{Title: &title})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for i := range n {
		t := fmt.Sprintf("第%d讲", i+1)
		l, err := courses.AddLesson(ctx, sys, c.ID, course.LessonInput{Title: &t, Kind: "video"})
		if err != nil {
			return nil, err
		}
		ids = append(ids, l.ID)
	}
	if err := lectures(ctx, pool, c.ID); err != nil {
		return nil, err
	}
	if _, err := courses.SetState(ctx, sys, c.ID, "published"); err != nil {
		return nil, err
	}
	unitID, err := orgs.UnitIDByPath(ctx, unit)
	if err != nil {
		return nil, err
	}
	_, err = courses.Assign(ctx, sys, orgs, course.AssignInput{CourseID: c.ID, UnitID: unitID, Mandatory: true,
		DueAt: time.Now().Add(30 * 24 * time.Hour), Year: time.Now().Year()})
	return ids, err
}
