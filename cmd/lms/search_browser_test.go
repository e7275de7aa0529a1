package main

import (
	"cmp"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/org"
)

// newBrowser starts headless Chromium (Debian's, or LMS_CHROMIUM) with a
// fresh profile, as web's browser tests do; the networking flags keep it
// from calling outside hosts.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := cmp.Or(os.Getenv("LMS_CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("Chromium not found at %s (install Debian's chromium or set LMS_CHROMIUM): %v", exe, err)
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 30*time.Second)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Headless,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1200, 900))
	bctx, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithErrorf(func(string, ...any) {}))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

func browse(t *testing.T, ctx context.Context, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// serveDemo seeds the demo, fills the search index with `lms search
// reindex`, and serves it (no workers: nothing is left to transcode or
// index during the test).
func serveDemo(t *testing.T) string {
	t.Helper()
	env := stackEnv(t)
	for _, args := range [][]string{{"migrate", "up"}, {"seed", "demo"}, {"search", "reindex"}} {
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
	go func() { done <- Serve(ctx, e, 0, func(a string) { addr <- a }) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case a := <-addr:
		return "http://" + a
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

// A learner searches a phrase of the demo course's PDF from the search box
// in the header and lands on the lesson at that page, with the PDF shown
// there.
func TestBrowserSearchDemoPDF(t *testing.T) {
	base := serveDemo(t)
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
