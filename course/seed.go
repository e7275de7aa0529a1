package course

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"lms/internal/pdfgen"
	"lms/org"
)

// Demo is what the demo courses need of the other features: the demo
// organisation's people and units, a generated lecture, and the quizzes.
type Demo struct {
	Org      *org.Service
	Lectures DemoLectures
	Quizzes  DemoQuizzes
	Scorm    DemoScorm // nil leaves the demo's SCORM lesson out
}

// DemoScorm gives a SCORM lesson its demo courseware.
type DemoScorm interface {
	SeedDemo(ctx context.Context, trainer *org.Actor, lessonID int64) error
}

// DemoLectures makes a lecture of the cues, owned by ownerID, and returns
// its media asset.
type DemoLectures interface {
	DemoLecture(ctx context.Context, ownerID int64, title string, cues []DemoCue, seconds int) (int64, error)
}

// DemoQuizzes adds a course's demo quiz, if it has one, before the course
// is published.
type DemoQuizzes interface {
	DemoQuiz(ctx context.Context, trainer *org.Actor, courseID int64, courseTitle string) error
}

// demoSeeder adds the demo courses through the service, as the demo
// trainer (author) and the demo admin (assignments) would.
type demoSeeder struct {
	s       *Service
	d       Demo
	trainer *org.Actor
	admin   *org.Actor
	now     time.Time
}

// SeedDemo adds each demo course not there yet (by title, among the demo
// trainer's courses): a second run changes nothing. It returns the titles
// it added. The lecture's transcoding and the indexing are River jobs,
// enqueued with each change and run by `lms serve`.
func (s *Service) SeedDemo(ctx context.Context, d Demo) ([]string, error) {
	sd, err := s.newDemoSeeder(ctx, d)
	if err != nil {
		return nil, err
	}
	have, _, err := s.Catalogue(ctx, sd.trainer, CatalogueFilter{OwnerID: sd.trainer.UserID, PerPage: 100})
	if err != nil {
		return nil, err
	}
	exists := map[string]bool{}
	for _, c := range have {
		exists[c.Title] = true
	}
	if err := sd.requirement(ctx); err != nil {
		return nil, err
	}
	var added []string
	for _, dc := range demoCourses {
		if exists[dc.title] {
			continue
		}
		if err := sd.course(ctx, dc); err != nil {
			return added, fmt.Errorf("demo course %s: %w", dc.title, err)
		}
		added = append(added, dc.title)
	}
	return added, nil
}

func (s *Service) newDemoSeeder(ctx context.Context, d Demo) (*demoSeeder, error) {
	sd := &demoSeeder{s: s, d: d, now: time.Now()}
	for name, dst := range map[string]**org.Actor{"demo_trainer": &sd.trainer, "demo_admin": &sd.admin} {
		u, err := d.Org.UserByUsername(ctx, name)
		if err != nil {
			return nil, err
		}
		if *dst, err = d.Org.Actor(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	return sd, nil
}

// course creates one course with its lessons and quiz, publishes it and
// assigns it.
func (sd *demoSeeder) course(ctx context.Context, dc demoCourse) error {
	in := CourseInput{Title: &dc.title, Summary: &dc.summary, Category: &dc.category, Tags: &dc.tags,
		Hours: &dc.hours, Open: &dc.open}
	c, err := sd.s.CreateCourse(ctx, sd.trainer, in)
	if err != nil {
		return err
	}
	for _, dl := range dc.lessons {
		if dl.kind == "scorm" && sd.d.Scorm == nil {
			continue
		}
		if err := sd.lesson(ctx, c.ID, dl); err != nil {
			return fmt.Errorf("lesson %s: %w", dl.title, err)
		}
	}
	if err := sd.d.Quizzes.DemoQuiz(ctx, sd.trainer, c.ID, dc.title); err != nil {
		return fmt.Errorf("quiz: %w", err)
	}
	if _, err := sd.s.SetState(ctx, sd.trainer, c.ID, "published"); err != nil {
		return err
	}
	return sd.assign(ctx, c.ID, dc)
}

func (sd *demoSeeder) lesson(ctx context.Context, courseID int64, dl demoLesson) error {
	secs, required := dl.minutes*60, !dl.optional
	in := LessonInput{Title: &dl.title, Kind: dl.kind, MinSeconds: &secs, Required: &required}
	if dl.kind == "article" {
		in.ArticleHTML = &dl.article
	}
	if dl.kind == "video" {
		id, err := sd.d.Lectures.DemoLecture(ctx, sd.trainer.UserID, dl.title, dl.cues, demoLectureSeconds)
		if err != nil {
			return err
		}
		in.MediaAssetID = &id
	}
	l, err := sd.s.AddLesson(ctx, sd.trainer, courseID, in)
	if err == nil && dl.kind == "scorm" {
		return sd.d.Scorm.SeedDemo(ctx, sd.trainer, l.ID)
	}
	if err != nil || dl.kind != "document" {
		return err
	}
	_, err = sd.s.UploadDocument(ctx, sd.trainer, l.ID, dl.title+".pdf", bytes.NewReader(pdfgen.Write(dl.pages)))
	return err
}

// assign asks the course's unit subtree to study it by its due date.
func (sd *demoSeeder) assign(ctx context.Context, courseID int64, dc demoCourse) error {
	unit, err := sd.d.Org.UnitIDByPath(ctx, dc.unit)
	if err != nil {
		return err
	}
	due := sd.now.AddDate(0, 0, dc.dueDays)
	_, err = sd.s.Assign(ctx, sd.admin, sd.d.Org, AssignInput{CourseID: courseID, UnitID: unit,
		Mandatory: dc.mandatory, DueAt: due, Year: sd.now.Year()})
	return err
}

// DemoFirstCourse is the title of the first demo course, which other
// features' demo content builds on.
func DemoFirstCourse() string { return demoCourses[0].title }

// requirement sets the group's yearly study hours (50 学时, as many
// SOEs require of cadres; at most 8 a day), so that 我的学习 shows each
// learner's progress against it. Setting it again changes nothing.
func (sd *demoSeeder) requirement(ctx context.Context) error {
	root, err := sd.d.Org.UnitIDByPath(ctx, "示范能源集团")
	if err != nil {
		return err
	}
	daily := 8.0
	return sd.s.SetRequirement(ctx, sd.admin, sd.d.Org, RequirementInput{UnitID: root, Hours: 50, CycleYears: 1,
		StartYear: 2024, DailyCap: &daily})
}
