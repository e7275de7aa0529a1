package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"lms/course"
	"lms/org"
	"lms/quiz"
)

// demoSeeder adds the demo courses through the services, as the demo
// trainer (author) and the demo admin (assignments) would.
type demoSeeder struct {
	app     *App
	trainer *org.Actor
	admin   *org.Actor
	now     time.Time
}

// seedDemoContent is the course side of `lms seed demo`, after the
// organisation: the demo courses, with an insert-only job client so that
// the lecture's transcoding and the indexing are enqueued with each change.
func (a *App) seedDemoContent(ctx context.Context, env *Env) error {
	if _, err := a.jobs(env, 0); err != nil {
		return err
	}
	start := time.Now()
	added, err := a.seedContent(ctx)
	if err != nil {
		return err
	}
	if len(added) == 0 {
		fmt.Fprintln(env.Out, "Demo courses: already there.")
		return nil
	}
	fmt.Fprintf(env.Out, "Demo courses added in %s (the lecture is transcoded and the search index filled by lms serve): %s\n",
		time.Since(start).Round(time.Millisecond), strings.Join(added, "、"))
	return nil
}

// seedContent adds each demo course not there yet (by title, among the
// demo trainer's courses): a second run changes nothing. It returns the
// titles it added. The lecture's transcoding and the indexing are River
// jobs, enqueued here and run by `lms serve`.
func (a *App) seedContent(ctx context.Context) ([]string, error) {
	s, err := a.newDemoSeeder(ctx)
	if err != nil {
		return nil, err
	}
	have, _, err := a.Course.Catalogue(ctx, s.trainer, course.CatalogueFilter{OwnerID: s.trainer.UserID, PerPage: 100})
	if err != nil {
		return nil, err
	}
	exists := map[string]bool{}
	for _, c := range have {
		exists[c.Title] = true
	}
	var added []string
	for _, dc := range demoCourses {
		if exists[dc.title] {
			continue
		}
		if err := s.course(ctx, dc); err != nil {
			return added, fmt.Errorf("demo course %s: %w", dc.title, err)
		}
		added = append(added, dc.title)
	}
	return added, nil
}

func (a *App) newDemoSeeder(ctx context.Context) (*demoSeeder, error) {
	s := &demoSeeder{app: a, now: time.Now()}
	for name, dst := range map[string]**org.Actor{"demo_trainer": &s.trainer, "demo_admin": &s.admin} {
		u, err := a.Org.UserByUsername(ctx, name)
		if err != nil {
			return nil, err
		}
		if *dst, err = a.Org.Actor(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// course creates one course with its lessons and quiz, publishes it and
// assigns it.
func (s *demoSeeder) course(ctx context.Context, dc demoCourse) error {
	in := course.CourseInput{Title: &dc.title, Summary: &dc.summary, Category: &dc.category, Tags: &dc.tags,
		Hours: &dc.hours, Open: &dc.open}
	c, err := s.app.Course.CreateCourse(ctx, s.trainer, in)
	if err != nil {
		return err
	}
	for _, dl := range dc.lessons {
		if err := s.lesson(ctx, c.ID, dl); err != nil {
			return fmt.Errorf("lesson %s: %w", dl.title, err)
		}
	}
	if dc.quiz != "" {
		if err := s.quiz(ctx, c.ID, dc); err != nil {
			return fmt.Errorf("quiz: %w", err)
		}
	}
	if _, err := s.app.Course.SetState(ctx, s.trainer, c.ID, "published"); err != nil {
		return err
	}
	return s.assign(ctx, c.ID, dc)
}

func (s *demoSeeder) lesson(ctx context.Context, courseID int64, dl demoLesson) error {
	secs, required := dl.minutes*60, true
	in := course.LessonInput{Title: &dl.title, Kind: dl.kind, MinSeconds: &secs, Required: &required}
	if dl.kind == "article" {
		in.ArticleHTML = &dl.article
	}
	if dl.kind == "video" {
		id, err := s.lecture(ctx, dl)
		if err != nil {
			return err
		}
		in.MediaAssetID = &id
	}
	l, err := s.app.Course.AddLesson(ctx, s.trainer, courseID, in)
	if err != nil || dl.kind != "document" {
		return err
	}
	pdf := demoPDF(dl.pages)
	_, err = s.app.Course.UploadDocument(ctx, s.trainer, l.ID, dl.title+".pdf", bytes.NewReader(pdf))
	return err
}

// lecture generates the lesson's lecture (slides, speech, subtitles; see
// demoLecture), hands it to the media service, whose job transcodes it,
// and attaches the subtitles.
func (s *demoSeeder) lecture(ctx context.Context, dl demoLesson) (int64, error) {
	dir, err := os.MkdirTemp("", "lms-demo-*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	path, vtt, err := demoLecture(ctx, dir, dl.title, dl.cues, demoLectureSeconds)
	if err != nil {
		return 0, fmt.Errorf("demo lecture: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	asset, err := s.app.Media.Ingest(ctx, s.trainer.UserID, dl.title, dl.title+".mp4", f)
	if err != nil {
		return 0, err
	}
	if _, err := s.app.Media.AttachSubtitle(ctx, asset.ID, "zh-CN", "", []byte(vtt)); err != nil {
		return 0, err
	}
	return asset.ID, nil
}

// quiz imports the course's questions into a course bank and makes a quiz
// of them that the course requires.
func (s *demoSeeder) quiz(ctx context.Context, courseID int64, dc demoCourse) error {
	v := quiz.Viewer{UserID: s.trainer.UserID, UnitPath: s.trainer.UnitPath, Manager: true}
	b, err := s.app.Quiz.CreateBank(ctx, v, quiz.BankInput{Name: dc.title + "题库", CourseID: &courseID})
	if err != nil {
		return err
	}
	rep, err := s.app.Quiz.Import(ctx, v, b.ID, quiz.FormatGIFT, []byte(dc.quiz), false)
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("GIFT: %+v", rep.Problems[0])
	}
	page, err := s.app.Quiz.Questions(ctx, v, b.ID, "", 1)
	if err != nil {
		return err
	}
	var items []quiz.QuizItem
	for _, q := range page.Questions {
		items = append(items, quiz.QuizItem{QuestionID: q.ID, Points: 1})
	}
	// Three attempts: the key and explanations show only once the third is
	// handed in, so a blank first attempt teaches nothing for the second.
	_, err = s.app.Quiz.CreateQuiz(ctx, v, quiz.Quiz{Title: "结业测验", CourseID: &courseID, Required: true,
		PassMark: 60, MaxAttempts: 3, ShowAnswers: quiz.ShowAfterSubmit, Items: items})
	return err
}

// assign asks the course's unit subtree to study it by its due date.
func (s *demoSeeder) assign(ctx context.Context, courseID int64, dc demoCourse) error {
	unit, err := s.app.Org.UnitIDByPath(ctx, dc.unit)
	if err != nil {
		return err
	}
	due := s.now.AddDate(0, 0, dc.dueDays)
	_, err = s.app.Course.Assign(ctx, s.admin, s.app.Org, course.AssignInput{CourseID: courseID, UnitID: unit,
		Mandatory: dc.mandatory, DueAt: due, Year: s.now.Year()})
	return err
}
