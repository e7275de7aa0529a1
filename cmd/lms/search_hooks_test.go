package main

import (
	"context"
	"strings"
	"testing"

	"lms/course"
	"lms/quiz"
	"lms/search"
)

// Each feature's changes reach the index through the job its hook
// enqueues: subtitles added and removed, questions added and deleted, a
// document that cannot be read (recorded for its trainer, the lesson still
// found by its title).
func TestSearchFollowsChanges(t *testing.T) {
	t.Parallel()
	d, _ := seededDemo(t)
	d.indexed(t)
	ctx := context.Background()
	trainer := d.actor(t, "demo_trainer")
	courses, _, err := d.Course.Catalogue(ctx, trainer, course.CatalogueFilter{OwnerID: trainer.UserID, Query: "党员教育管理"})
	if err != nil || len(courses) != 1 {
		t.Fatalf("demo course: %v %v", courses, err)
	}
	c := courses[0]

	t.Run("subtitles", func(t *testing.T) {
		var asset int64
		if err := d.Pool.QueryRow(ctx, `SELECT id FROM media_assets ORDER BY id LIMIT 1`).Scan(&asset); err != nil {
			t.Fatal(err)
		}
		vtt := "WEBVTT\n\n00:00:12.000 --> 00:00:14.000\nParty members study online every week\n"
		if _, err := d.Media.AttachSubtitle(ctx, asset, "en", "", []byte(vtt)); err != nil {
			t.Fatal(err)
		}
		d.indexed(t)
		cues := hitsOf(d.search(t, "demo_learner", "study online"), search.KindCue)
		if len(cues) != 1 || cues[0].Seconds != 12 {
			t.Fatalf("added subtitles: %+v", cues)
		}
		if err := d.Media.DeleteSubtitle(ctx, asset, "en"); err != nil {
			t.Fatal(err)
		}
		d.indexed(t)
		if cues := d.search(t, "demo_learner", "study online"); len(cues) != 0 {
			t.Errorf("removed subtitles still found: %+v", cues)
		}
	})

	t.Run("questions", func(t *testing.T) {
		v := quiz.Viewer{UserID: trainer.UserID, UnitPath: trainer.UnitPath, Manager: true}
		bank, err := d.Quiz.CreateBank(ctx, v, quiz.BankInput{Name: "补充题库", CourseID: &c.ID})
		if err != nil {
			t.Fatal(err)
		}
		q, err := d.Quiz.SaveQuestion(ctx, v, quiz.Question{BankID: bank.ID, Type: quiz.Single, Stem: "<p>安全阀应当多久校验一次？</p>",
			Explanation: "依据特种设备安全技术规范", Body: quiz.Body{Options: []quiz.Option{{Text: "每年", Weight: 1}, {Text: "十年"}}}})
		if err != nil {
			t.Fatal(err)
		}
		d.indexed(t)
		if qs := d.search(t, "demo_trainer", "安全阀", search.KindQuestion); len(qs) != 1 || !strings.Contains(qs[0].Snippet, "每年") {
			t.Fatalf("new question: %+v", qs)
		}
		if qs := d.search(t, "demo_trainer", "特种设备", search.KindQuestion); len(qs) != 0 {
			t.Errorf("found by its explanation: %+v", qs)
		}
		if err := d.Quiz.DeleteQuestion(ctx, v, q.ID); err != nil {
			t.Fatal(err)
		}
		d.indexed(t)
		if qs := d.search(t, "demo_trainer", "安全阀", search.KindQuestion); len(qs) != 0 {
			t.Errorf("deleted question still found: %+v", qs)
		}
	})

	t.Run("unreadable document", func(t *testing.T) {
		title, kind := "损坏的讲义", "document"
		l, err := d.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: &title, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Course.UploadDocument(ctx, trainer, l.ID, "broken.pdf", strings.NewReader("%PDF-1.4\nnot a pdf at all")); err != nil {
			t.Fatal(err)
		}
		d.indexed(t)
		if hits := hitsOf(d.search(t, "demo_learner", "损坏的讲义"), search.KindLesson); len(hits) != 1 {
			t.Errorf("the lesson is not found by its title: %+v", hits)
		}
		v := search.Viewer{UserID: trainer.UserID, Trainer: true}
		problems, err := d.Search.Problems(ctx, v, 1, 20)
		if err != nil || len(problems) != 1 || problems[0].LessonID != l.ID || problems[0].CourseID != c.ID ||
			!strings.Contains(problems[0].Reason, "PDF") {
			t.Errorf("recorded problems: %+v %v", problems, err)
		}
	})

	// The lesson source's Version, which spares the job a second
	// extraction, must move with everything its docs say: the lesson, its
	// file, its course.
	t.Run("lesson version", func(t *testing.T) {
		var src search.Versioner
		for _, s := range d.Course.SearchSources(nil) {
			if s.Kind() == course.SearchLesson {
				src = s.(search.Versioner)
			}
		}
		title := "版本讲义"
		l, err := d.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: &title, Kind: "document"})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		step := func(name string) {
			t.Helper()
			v, err := src.Version(ctx, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := src.Version(ctx, l.ID); again != v {
				t.Errorf("%s: the version changes with nothing changed", name)
			}
			if before, ok := seen[v]; ok {
				t.Errorf("%s: the version of %s", name, before)
			}
			seen[v] = name
		}
		step("added")
		pdf := "%PDF-1.4\nnot a pdf at all"
		if _, err := d.Course.UploadDocument(ctx, trainer, l.ID, "a.pdf", strings.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
		step("uploaded")
		if _, err := d.Course.UploadDocument(ctx, trainer, l.ID, "a.pdf", strings.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
		step("uploaded again")
		title = "版本讲义（修订）"
		if _, err := d.Course.UpdateLesson(ctx, trainer, l.ID, course.LessonInput{Title: &title, Kind: "document"}); err != nil {
			t.Fatal(err)
		}
		step("retitled")
		if _, err := d.Course.SetState(ctx, trainer, c.ID, "draft"); err != nil {
			t.Fatal(err)
		}
		step("course unpublished")
	})
}
