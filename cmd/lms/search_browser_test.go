package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/course"
	"lms/internal/app"
	"lms/internal/testenv"
	"lms/org"
)

func newBrowser(t *testing.T) context.Context {
	return testenv.Browser(t, 30*time.Second, 1200)
}

func browse(t *testing.T, ctx context.Context, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// serveDemo seeds the demo and serves it with the given job workers. With
// none, `lms search reindex` fills the index first and nothing is
// transcoded; with some, serve runs the jobs seeding enqueued, as `make
// run` does.
func serveDemo(t *testing.T, workers int) (string, *Env) {
	t.Helper()
	env := stackEnv(t)
	steps := [][]string{{"migrate", "up"}, {"seed", "demo"}}
	if workers == 0 {
		steps = append(steps, []string{"search", "reindex"})
	}
	for _, args := range steps {
		if code, _, errOut := run(t, env, args...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{Config: cfg, Out: io.Discard, Err: io.Discard, Log: newLogger(cfg, io.Discard)}
	ctx, cancel := context.WithCancel(context.Background())
	addr, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- Serve(ctx, e, workers, func(a string) { addr <- a }) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case a := <-addr:
		return "http://" + a, e
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return "", nil
}

// A learner searches a phrase of the demo course's PDF from the search box
// in the header and lands on the lesson at that page, with the PDF shown
// there.
func TestBrowserSearchDemoPDF(t *testing.T) {
	t.Parallel()
	base, _ := serveDemo(t, 0)
	ctx := newBrowser(t)
	box := `form.search-box input[name="q"]`
	browse(t, ctx, "sign in and search",
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), "demo_learner"),
		chromedp.SendKeys(chromedp.ID("password"), org.DemoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.CSS(box)),
		chromedp.SendKeys(chromedp.CSS(box), "党员冬训"),
		chromedp.Submit(chromedp.CSS(box)),
		chromedp.WaitVisible(chromedp.CSS(`.search-group[data-kind="page"] .search-hit a`)))
	browse(t, ctx, "open the page hit",
		chromedp.Click(chromedp.CSS(`.search-group[data-kind="page"] .search-hit a`)),
		chromedp.WaitVisible(chromedp.ID("doc-frame")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/lessons/") || !strings.HasSuffix(loc, "?page=2") {
		t.Fatalf("landed on %q (%v), want a lesson at ?page=2", loc, err)
	}
	src, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("doc-frame"), "src"))
	if err != nil || !strings.HasSuffix(src.Value, "/document#page=2") {
		t.Errorf("the reader's frame opens %q (%v), want the document at #page=2", src.Value, err)
	}
	// The frame holds the PDF itself.
	typ, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.getElementById("doc-frame").src)
		.then(r => r.headers.get("content-type"))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(typ, "application/pdf") {
		t.Errorf("the frame's document is %q (%v), want a PDF", typ, err)
	}
}

// A video moment: once serve has transcoded the demo lecture and indexed
// its subtitles (the jobs seeding enqueued), a learner's search for words
// of a cue lands on the lesson with the lecture at that second. The demo
// course forbids skipping ahead; here it allows it, else the player would
// stop at the furthest point the learner has watched.
func TestBrowserSearchDemoCue(t *testing.T) {
	t.Parallel()
	base, e := serveDemo(t, 2)
	ctx := context.Background()
	// serve holds the embedded index: this second program leaves it closed.
	cfg := appConfig(e)
	cfg.NoIndex = true
	prog, err := app.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	lectureReady(t, prog)
	trainer := demoActor(t, prog, "demo_trainer")
	courses, _, err := prog.Course.Catalogue(ctx, trainer, course.CatalogueFilter{OwnerID: trainer.UserID, Query: "党员教育管理"})
	if err != nil || len(courses) != 1 {
		t.Fatalf("demo course: %v %v", courses, err)
	}
	allow := false
	if _, err := prog.Course.UpdateCourse(ctx, trainer, courses[0].ID, course.CourseInput{ForbidSkip: &allow}); err != nil {
		t.Fatal(err)
	}

	bctx := newBrowser(t)
	box := `form.search-box input[name="q"]`
	hit := `.search-group[data-kind="cue"] .search-hit a`
	browse(t, bctx, "sign in and search",
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), "demo_learner"),
		chromedp.SendKeys(chromedp.ID("password"), org.DemoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.CSS(box)))
	deadline := time.Now().Add(20 * time.Second)
	for { // the cue's indexing job runs in serve
		browse(t, bctx, "search", chromedp.Navigate(base+"/search?q=%E6%94%BF%E6%B2%BB%E7%90%86%E8%AE%BA%E6%95%99%E8%82%B2"))
		if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('`+hit+`').length`)); n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the video moment was not indexed")
		}
		time.Sleep(300 * time.Millisecond)
	}
	browse(t, bctx, "open the video moment", chromedp.Click(chromedp.CSS(hit)), chromedp.WaitVisible(chromedp.ID("video")))
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "?t=5") {
		t.Fatalf("landed on %q (%v), want the lesson at ?t=5", loc, err)
	}
	browse(t, bctx, "the lecture starts at the cue", chromedp.Poll[chromedp.Void](
		`document.getElementById("video").readyState >= 1 && Math.abs(document.getElementById("video").currentTime - 5) < 0.5`,
		chromedp.WithPollingTimeout(15*time.Second)))
}

// lectureReady waits for serve to transcode the demo lecture.
func lectureReady(t *testing.T, prog *app.App) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		var state string
		err := prog.Pool.QueryRow(context.Background(), `SELECT state FROM media_assets ORDER BY id LIMIT 1`).Scan(&state)
		if err == nil && state == "ready" {
			return
		}
		if err != nil || state == "failed" || time.Now().After(deadline) {
			t.Fatalf("demo lecture: %q %v", state, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func demoActor(t *testing.T, prog *app.App, username string) *org.Actor {
	t.Helper()
	u, err := prog.Org.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	a, err := prog.Org.Actor(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
