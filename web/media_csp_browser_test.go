package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// watchCSP records, in every document the tab opens from now on, each
// Content-Security-Policy violation and each uncaught error.
func watchCSP() chromedp.Action[chromedp.Void] {
	const script = `window.__problems = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__problems.push("CSP " + e.effectiveDirective + " blocked " + e.blockedURI));
window.addEventListener("error", e => window.__problems.push("error " + e.message));`
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return chromedp.Void{}, err
	}
}

func noProblems(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if p := eval[[]string](t, ctx, `window.__problems`); len(p) > 0 {
		t.Errorf("%s: %s", where, strings.Join(p, "; "))
	}
}

// The trainer's preview and the learner's lesson page play a lecture with
// hls.js under the site's policy (script-src 'self', no blob: workers):
// neither may break it, and the preview still transmuxes in a worker,
// loaded from the site's own static files.
func TestBrowserLecturePagesKeepTheCSP(t *testing.T) {
	t.Parallel()
	ms := newCourseMediaServer(t)
	_, lessonID := ms.videoLesson(t, false)
	asset := ms.lessonAsset(t, lessonID)

	b := mediaBrowser(t, 90*time.Second)
	do(t, b, "watch the policy", watchCSP())
	browserLoginTo(t, b, ms.URL, "demo_trainer")
	do(t, b, "preview the lecture", chromedp.Navigate(fmt.Sprintf("%s/media/%d", ms.URL, asset)),
		poll(`window.lmsPlayer && lmsPlayer.hls && lmsPlayer.hls.levels.length > 0`, 20*time.Second),
		chromedp.Evaluate[chromedp.Void](`lmsPlayer.video.muted = true; lmsPlayer.video.play()`),
		poll(`lmsPlayer.video.currentTime > 1`, 20*time.Second))
	noProblems(t, b, "preview")
	if !eval[bool](t, b, `performance.getEntriesByType("resource").some(e => /\/static\/vendor\/hls\.worker\.js/.test(e.name))`) {
		t.Error("the preview did not load hls.js's worker from the static files")
	}

	l := mediaBrowser(t, 90*time.Second)
	do(t, l, "watch the policy", watchCSP())
	browserLoginTo(t, l, ms.URL, "demo_learner")
	do(t, l, "open the lesson", chromedp.Navigate(fmt.Sprintf("%s/lessons/%d", ms.URL, lessonID)),
		chromedp.WaitVisible(chromedp.ID("video")),
		chromedp.Evaluate[chromedp.Void](`(() => { const v = document.getElementById("video"); v.muted = true; v.play() })()`),
		poll(`document.getElementById("video").currentTime > 1`, 20*time.Second))
	noProblems(t, l, "lesson page")
}

// lessonAsset reads which lecture a lesson plays.
func (ms *courseMediaServer) lessonAsset(t *testing.T, lessonID int64) int64 {
	t.Helper()
	var id int64
	if err := ms.pool.QueryRow(context.Background(), `SELECT media_asset_id FROM lessons WHERE id = $1`, lessonID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
