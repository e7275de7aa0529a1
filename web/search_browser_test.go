package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A learner types a Chinese phrase from a document's page into the header's
// search box, sees it suggested, gets the results grouped by kind with the
// phrase marked, and a click lands on that page of the document.
func TestBrowserSearchLandsOnThePage(t *testing.T) {
	t.Parallel()
	ts := newSearchServer(t)
	ctx := newBrowser(t)
	browserLogin(t, ctx, ts.URL, "demo_learner")

	box := `form.search-box input[name="q"]`
	do(t, ctx, "type in the search box",
		chromedp.SendKeys(chromedp.CSS(box), "学习贯彻"),
		chromedp.WaitVisible(chromedp.CSS(`#search-suggestions li a`)))
	wantText(t, "suggestion", text(t, ctx, "#search-suggestions"), "学习读本", "文档页")

	do(t, ctx, "search", chromedp.Submit(chromedp.CSS(box)), chromedp.WaitVisible(chromedp.CSS(`.search-group[data-kind="page"]`)))
	wantText(t, "results", text(t, ctx, ".search-group[data-kind=\"page\"]"), "学习读本", "第 2 页", "学习贯彻党的二十大精神")
	marked := text(t, ctx, ".search-group[data-kind=\"page\"] mark")
	if marked != "学习贯彻" {
		t.Errorf("marked %q", marked)
	}

	do(t, ctx, "open the hit", chromedp.Click(chromedp.CSS(`.search-group[data-kind="page"] .search-hit a`)),
		chromedp.WaitReady(chromedp.CSS("body")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/lessons/12?page=2") {
		t.Errorf("landed on %q (%v), want /lessons/12?page=2", loc, err)
	}

	// A video moment opens the video at the cue's second.
	do(t, ctx, "search a subtitle", chromedp.Navigate(ts.URL+"/search?q=%E5%85%9A%E7%AB%A0&kind=cue"),
		chromedp.WaitVisible(chromedp.CSS(`.search-group[data-kind="cue"]`)))
	wantText(t, "cue", text(t, ctx, ".search-group[data-kind=\"cue\"]"), "▶ 1:23")
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`.search-group[data-kind="cue"] a`), "href"))
	if err != nil || href.Value != "/lessons/13?t=83.5" {
		t.Errorf("cue link %q (%v)", href.Value, err)
	}
}
