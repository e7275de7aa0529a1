package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
	"lms/media"
	"lms/org"
)

// mediaBrowser has a budget for an upload and a transcode.
func mediaBrowser(t *testing.T, timeout time.Duration) context.Context {
	return testenv.Browser(t, timeout, 1200)
}

func poll(expr string, timeout time.Duration) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(200*time.Millisecond))
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// bigClip is a lecture of about mb megabytes: noise keeps the encoder at
// the high bitrate asked, so the file is big but short to make and play.
func bigClip(t *testing.T, mb int) string {
	t.Helper()
	seconds := max(8, mb/4)
	path := filepath.Join(t.TempDir(), "第一讲.mp4")
	kbps := strconv.Itoa(mb * 8 * 1024 / seconds)
	d := strconv.Itoa(seconds)
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=854x480:r=25:d="+d+",noise=alls=60:allf=t",
		"-f", "lavfi", "-i", "sine=f=440:d="+d, "-c:v", "libx264", "-preset", "ultrafast", "-b:v", kbps+"k",
		"-maxrate", kbps+"k", "-bufsize", kbps+"k", "-c:a", "aac", "-shortest", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	return path
}

// A trainer uploads a lecture through the page; the tab is closed halfway
// and the upload continues where it stopped; the lecture becomes ready and
// plays with several renditions; its segment links stop working without
// the session once expired.
func TestBrowserUploadResumePlay(t *testing.T) {
	t.Parallel()
	mb := 40
	if v, _ := strconv.Atoi(os.Getenv("LMS_MEDIA_BROWSER_MB")); v > 0 {
		mb = v // e.g. 200 for the full-size check
	}
	ms := newMediaServerWith(t, media.DeliveryProxy, throttleParts(8<<20))
	clip := bigClip(t, mb)
	ctx := mediaBrowser(t, time.Duration(120+mb)*time.Second)
	do(t, ctx, "sign in",
		chromedp.Navigate(ms.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), "demo_trainer"),
		chromedp.SendKeys(chromedp.ID("password"), org.DemoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitReady(chromedp.CSS(`#nav a[href="/media"]`)))

	tab, closeTab := chromedp.NewContext(ctx)
	do(t, tab, "start the upload in a second tab",
		chromedp.Navigate(ms.URL+"/media/upload"),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{clip}),
		chromedp.Click(chromedp.ID("start")),
		poll(`(document.querySelector(".upload-item progress") || {}).value >= 40`, 30*time.Second))
	closeTab() // the tab is closed halfway through the upload

	do(t, ctx, "library lists the unfinished upload", chromedp.Navigate(ms.URL+"/media"),
		chromedp.WaitVisible(chromedp.ID("unfinished")))

	do(t, ctx, "choose the same file again: it continues",
		chromedp.Navigate(ms.URL+"/media/upload"),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{clip}),
		chromedp.Click(chromedp.ID("start")),
		poll(`/继续/.test(document.querySelector(".upload-state").textContent) || document.querySelector(".upload-item.done")`, 30*time.Second))
	resumedAt := eval[float64](t, ctx, `document.querySelector(".upload-item progress").value`)
	do(t, ctx, "upload done", poll(`document.querySelector(".upload-item.done")`, 60*time.Second))
	if resumedAt < 30 {
		t.Errorf("the resumed upload started at %.0f%%, not where it stopped", resumedAt)
	}
	id := int64(eval[float64](t, ctx, `Number(document.querySelector(".upload-item.done").dataset.assetId)`))
	a := ms.waitReady(t, id)
	if len(a.Renditions) < 3 {
		t.Errorf("renditions %+v, want 480p, 360p and audio", a.Renditions)
	}

	do(t, ctx, "library shows it ready", chromedp.Navigate(ms.URL+"/media"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`tr[data-id="%d"] .state-ready`, id))))

	do(t, ctx, "open the player", chromedp.Navigate(fmt.Sprintf("%s/media/%d", ms.URL, id)))
	if _, err := chromedp.Run(ctx, poll(`window.lmsPlayer && document.querySelectorAll("#quality option").length >= 3`, 20*time.Second)); err != nil {
		t.Fatalf("player: %v; state: %s", err, eval[string](t, ctx, `JSON.stringify({p: !!window.lmsPlayer, hls: !!window.Hls, opts: document.querySelectorAll("#quality option").length, err: document.getElementById("player-error").textContent, rs: document.getElementById("video").readyState, me: String(document.getElementById("video").error && document.getElementById("video").error.message), res: performance.getEntriesByType("resource").map(e => e.name.slice(-40))})`))
	}
	do(t, ctx, "play it",
		chromedp.Evaluate[chromedp.Void](`lmsPlayer.video.muted = true; lmsPlayer.video.play()`),
		poll(`lmsPlayer.video.currentTime > 1.5`, 30*time.Second))
	do(t, ctx, "switch to the lowest rendition",
		chromedp.Evaluate[chromedp.Void](`var q = document.getElementById("quality"); q.value = q.options[q.options.length-1].value; q.dispatchEvent(new Event("change"))`),
		poll(`lmsPlayer.hls.currentLevel === lmsPlayer.hls.levels.length - 1`, 10*time.Second))

	seg := eval[string](t, ctx, `performance.getEntriesByType("resource").map(e => e.name).find(n => n.endsWith(".ts"))`)
	if seg == "" {
		t.Fatal("no segment was fetched")
	}
	// A fresh link works only with the session, like an expired one.
	if st := eval[float64](t, ctx, fmt.Sprintf(`fetch(%q).then(r => r.status)`, seg)); st != 200 {
		t.Errorf("fresh link with the session: %v", st)
	}
	// (no-store: the browser's own cache holds the segment hls.js fetched)
	if st := eval[float64](t, ctx, fmt.Sprintf(`fetch(%q, {credentials: "omit", cache: "no-store"}).then(r => r.status)`, seg)); st != 403 {
		t.Errorf("fresh link without the session: %v", st)
	}
	trainerID := userID(t, ms, "demo_trainer")
	old := "/media/s/" + ms.server.signPlay(playToken{Asset: id, User: trainerID, Expires: time.Now().Add(-time.Minute)}) + "/audio/seg_00000.ts"
	if st := eval[float64](t, ctx, fmt.Sprintf(`fetch(%q, {credentials: "omit"}).then(r => r.status)`, old)); st != 403 {
		t.Errorf("expired link without the session: %v", st)
	}
	if st := eval[float64](t, ctx, fmt.Sprintf(`fetch(%q).then(r => r.status)`, old)); st != 200 {
		t.Errorf("expired link with the session: %v", st)
	}
	if st, _, _ := ms.client(t).raw("GET", old, "", nil); st != 403 {
		t.Errorf("expired link from another client: %d", st)
	}
}

// throttleParts slows the upload of parts to about rate bytes a second, as
// an office line would, so the test can close the page halfway.
func throttleParts(rate int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/parts/") {
				r.Body = &slowBody{ReadCloser: r.Body, rate: rate}
			}
			next.ServeHTTP(w, r)
		})
	}
}

type slowBody struct {
	io.ReadCloser
	rate int
}

func (b *slowBody) Read(p []byte) (int, error) {
	if len(p) > 64<<10 {
		p = p[:64<<10]
	}
	n, err := b.ReadCloser.Read(p)
	time.Sleep(time.Duration(n) * time.Second / time.Duration(b.rate))
	return n, err
}
