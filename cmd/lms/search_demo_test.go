package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"lms/internal/app"
	"lms/org"
	"lms/search"
)

// demoApp is the platform over a seeded demo with its search index, and a
// River client that runs only the indexing jobs (the lecture is not
// transcoded: no test here plays it).
type demoApp struct {
	*app.App
	env *Env
}

func seededDemo(t *testing.T) (*demoApp, map[string]string) {
	t.Helper()
	env := stackEnv(t)
	if code, _, errOut := run(t, env, "migrate", "up"); code != 0 {
		t.Fatal(errOut)
	}
	start := time.Now()
	code, out, errOut := run(t, env, "seed", "demo")
	if code != 0 || !strings.Contains(out, "Demo content added") || !strings.Contains(out, "demo_learner") {
		t.Fatalf("seed demo: %d %s %s", code, out, errOut)
	}
	t.Logf("seed demo took %s", time.Since(start).Round(time.Millisecond))
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{Config: cfg, Out: io.Discard, Err: io.Discard, Log: newLogger(cfg, io.Discard)}
	ctx := context.Background()
	prog, err := openApp(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(prog.Close)
	// The demo sets the group's yearly 学时 so 我的学习 shows a learner's progress.
	var reqs int
	if err := prog.Pool.QueryRow(ctx, `SELECT count(*) FROM requirements WHERE hours = 50`).Scan(&reqs); err != nil || reqs != 1 {
		t.Errorf("demo requirements: %d %v", reqs, err)
	}
	startIndexing(t, prog)
	return &demoApp{App: prog, env: e}, env
}

// startIndexing runs the search jobs of the default queue until the test
// ends.
func startIndexing(t *testing.T, prog *app.App) {
	t.Helper()
	w := river.NewWorkers()
	prog.Search.AddJobs(w)
	client, err := river.NewClient(riverpgxv5.New(prog.Pool), &river.Config{Workers: w, Logger: prog.Media.Log,
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}, FetchPollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = client.Stop(ctx)
	})
}

// indexed waits until no indexing job is left to run.
func (d *demoApp) indexed(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var left int
		err := d.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job
			WHERE kind = 'search_index' AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&left)
		if err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d indexing jobs still waiting", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (d *demoApp) actor(t *testing.T, username string) *org.Actor {
	t.Helper()
	u, err := d.Org.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Org.Actor(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// search asks as username, the way the web layer describes them.
func (d *demoApp) search(t *testing.T, username, text string, kinds ...string) []search.Hit {
	t.Helper()
	a := d.actor(t, username)
	admin := a.Has(org.RoleAdmin)
	v := search.Viewer{UserID: a.UserID, Admin: admin, Trainer: admin || a.Has(org.RoleTrainer)}
	r, err := d.Search.Search(context.Background(), v, search.Query{Text: text, Kinds: kinds, PerPage: 50})
	if err != nil {
		t.Fatalf("search %q as %s: %v", text, username, err)
	}
	return r.Hits
}

func hitsOf(hits []search.Hit, kind string) []search.Hit {
	var out []search.Hit
	for _, h := range hits {
		if h.Kind == kind {
			out = append(out, h)
		}
	}
	return out
}

// The demo content is found by those who may open it and by no one else:
// a PDF page by the learners it is assigned to, a video moment with its
// second, a question by its trainer without its answer; and unpublishing
// takes a course's content away from learners as soon as its job has run.
func TestSearchDemoContent(t *testing.T) {
	t.Parallel()
	d, env := seededDemo(t)
	if code, out, _ := run(t, env, "seed", "demo"); code != 0 || !strings.Contains(out, "Demo content: already there") {
		t.Errorf("second seed: %d %s", code, out)
	}
	// The demo's SCORM lesson has its two-SCO package, once.
	var pkgs, items int
	if err := d.Pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM scorm_packages), (SELECT count(*) FROM scorm_items)`).
		Scan(&pkgs, &items); err != nil || pkgs != 1 || items != 2 {
		t.Errorf("demo SCORM: %d packages, %d items, %v", pkgs, items, err)
	}
	d.indexed(t)

	pages := hitsOf(d.search(t, "demo_learner", "党员冬训"), search.KindPage)
	if len(pages) != 1 || pages[0].Page != 2 || !strings.HasSuffix(pages[0].URL, "?page=2") ||
		!strings.Contains(pages[0].Snippet, "<mark>") {
		t.Fatalf("learner's page hits for 党员冬训: %+v", pages)
	}
	// 党要管党 is printed across a line break of page 1.
	if wrapped := hitsOf(d.search(t, "demo_learner", "党要管党"), search.KindPage); len(wrapped) != 1 || wrapped[0].Page != 1 {
		t.Errorf("a phrase across a printed line: %+v", wrapped)
	}
	if hits := d.search(t, "hnyx_01", "党员冬训"); len(hits) != 0 {
		t.Errorf("a learner of another branch found a closed course: %+v", hits)
	}
	if hits := hitsOf(d.search(t, "hnyx_01", "隐患排查"), search.KindPage); len(hits) == 0 {
		t.Error("the learner does not find their own course's document")
	}

	cues := hitsOf(d.search(t, "demo_learner", "政治理论教育"), search.KindCue)
	if len(cues) != 1 || cues[0].Seconds != 5 || !strings.HasSuffix(cues[0].URL, "?t=5") {
		t.Errorf("video moment: %+v", cues)
	}

	if qs := d.search(t, "demo_trainer", "直接责任主体", search.KindQuestion); len(qs) != 1 ||
		!strings.HasPrefix(qs[0].URL, "/quiz/questions/") {
		t.Errorf("trainer's question hits: %+v", qs)
	}
	for _, answer := range []string{"党员冬训", "解析", "第二章第二条"} { // a blank's answer, the explanation
		if qs := d.search(t, "demo_trainer", answer, search.KindQuestion); len(qs) != 0 {
			t.Errorf("a question found by its answer %q: %+v", answer, qs)
		}
	}
	if qs := d.search(t, "demo_learner", "直接责任主体", search.KindQuestion); len(qs) != 0 {
		t.Errorf("a learner found questions: %+v", qs)
	}

	unpublishHidesCourse(t, d, pages[0].CourseID)
}

func unpublishHidesCourse(t *testing.T, d *demoApp, courseID int64) {
	trainer := d.actor(t, "demo_trainer")
	if _, err := d.Course.SetState(context.Background(), trainer, courseID, "draft"); err != nil {
		t.Fatal(err)
	}
	d.indexed(t)
	for _, q := range []string{"党员冬训", "政治理论教育", "新时代党员教育管理专题", "学习导读"} {
		if hits := d.search(t, "demo_learner", q); len(hits) != 0 {
			t.Errorf("%s still found after unpublishing: %+v", q, hits)
		}
	}
	if hits := hitsOf(d.search(t, "demo_trainer", "党员冬训"), search.KindPage); len(hits) != 1 {
		t.Errorf("the trainer lost their draft: %+v", hits)
	}
}
