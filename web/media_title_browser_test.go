package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/media"
	"lms/org"
)

// A trainer uploads a lecture through the page, giving it a title instead
// of the prefilled file name, then renames it from the library; the pages
// show the new name. No one else may rename it.
func TestBrowserLectureTitleAndRename(t *testing.T) {
	t.Parallel()
	ms := newMediaServer(t, media.DeliveryProxy)
	clip := makeClip(t, 2, "320x240") // lecture.mp4
	ctx := mediaBrowser(t, 90*time.Second)
	browserLoginTo(t, ctx, ms.URL, "demo_trainer")

	do(t, ctx, "choose the file",
		chromedp.Navigate(ms.URL+"/media/upload"),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{clip}),
		chromedp.WaitVisible(chromedp.CSS(".upload-title")))
	if v := eval[string](t, ctx, `document.querySelector(".upload-title").value`); v != "lecture" {
		t.Errorf("title prefilled with %q, want the file name without extension", v)
	}
	do(t, ctx, "type a title and upload",
		clearInput(".upload-title"),
		chromedp.SendKeys(chromedp.CSS(".upload-title"), "第一讲 党章学习"),
		chromedp.Click(chromedp.ID("start")),
		poll(`document.querySelector(".upload-item.done")`, 30*time.Second))
	id := int64(eval[float64](t, ctx, `Number(document.querySelector(".upload-item.done").dataset.assetId)`))
	ms.waitReady(t, id)
	do(t, ctx, "library lists it by its title", chromedp.Navigate(ms.URL+"/media"))
	wantText(t, "library row", text(t, ctx, fmt.Sprintf(`tr[data-id="%d"] td`, id)), "第一讲 党章学习")

	doAgain(t, ctx, "rename from the library", chromedp.Navigate(ms.URL+"/media"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr[data-id="%d"] a.rename`, id))),
		chromedp.WaitVisible(chromedp.ID("rename-title")),
		clearInput("#rename-title"),
		chromedp.SendKeys(chromedp.ID("rename-title"), "第一讲 新时代党章学习"),
		chromedp.Click(chromedp.ID("rename-save")),
		chromedp.WaitVisible(chromedp.CSS("main p.success")))
	wantText(t, "player heading", text(t, ctx, "h1"), "第一讲 新时代党章学习")
	do(t, ctx, "back to the library", chromedp.Navigate(ms.URL+"/media"))
	wantText(t, "renamed row", text(t, ctx, fmt.Sprintf(`tr[data-id="%d"] td`, id)), "第一讲 新时代党章学习")
	if a, _ := ms.Media.Asset(t.Context(), id); a.Title != "第一讲 新时代党章学习" {
		t.Errorf("stored title %q", a.Title)
	}

	trainer := ms.login(t, "demo_trainer")
	if st := trainer.do("PATCH", fmt.Sprintf("/api/v1/media/%d", id), map[string]string{"title": "  \t "}, &apiError{}); st != 400 {
		t.Errorf("blank title: %d, want 400", st)
	}
	var out struct{ Title string }
	if st := trainer.do("PATCH", fmt.Sprintf("/api/v1/media/%d", id), map[string]string{"title": "第一讲（修订）"}, &out); st != 200 || out.Title != "第一讲（修订）" {
		t.Errorf("rename through the API: %d %+v", st, out)
	}
	learner := ms.login(t, "demo_learner")
	if st := learner.do("PATCH", fmt.Sprintf("/api/v1/media/%d", id), map[string]string{"title": "被改了"}, &apiError{}); st != 404 {
		t.Errorf("a learner renames the trainer's lecture: %d, want 404", st)
	}
	if st, _, _ := learner.post(fmt.Sprintf("/media/%d/rename", id), url.Values{"title": {"被改了"}}); st != 404 {
		t.Errorf("a learner posts the rename form: %d, want 404", st)
	}
	if a, _ := ms.Media.Asset(t.Context(), id); strings.Contains(a.Title, "被改了") {
		t.Errorf("renamed by a learner: %q", a.Title)
	}
}

// browserLoginTo signs in through the form and waits for the menu, whatever
// the home page shows.
func browserLoginTo(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	do(t, ctx, "sign in as "+username,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), org.DemoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitReady(chromedp.CSS(`#nav a[href="/learn"]`)))
}

// clearInput empties a text field, as selecting its text and deleting would.
func clearInput(css string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, css))
}
