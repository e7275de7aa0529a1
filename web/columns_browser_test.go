package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

// Short columns keep their words on one line at a desktop's width (the
// users' 职级 and 状态 were squeezed to one character a line), and the
// 学时达标分布 donut labels only the slices that hold somebody.
func TestBrowserColumnsAndDonut(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	for _, title := range []string{"新时代党的建设总要求与全面从严治党专题学习课程", "党史学习"} {
		ts.assignTo(t, ts.seedCourse(t, title, false).ID, demoNorth, 20)
	}
	b := testenv.Browser(t, 60*time.Second, 1366)
	browserLogin(t, b, ts.URL, "demo_admin")
	do(t, b, "users", chromedp.Navigate(ts.URL+"/admin/users"), chromedp.WaitVisible(chromedp.ID("users")))
	broken := js[[]string](t, b, `[...document.querySelectorAll("#users td.nowrap, #users th.nowrap")].filter(td => {
		const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length > 1 }).map(td => td.textContent.trim())`)
	cols := js[int](t, b, `document.querySelectorAll("#users tbody tr:first-child td.nowrap").length`)
	if cols < 2 || len(broken) > 0 {
		t.Errorf("users' short columns (%d kept on one line) break: %q", cols, broken)
	}
	do(t, b, "reports", chromedp.Navigate(ts.URL+"/reports"), chromedp.WaitVisible(chromedp.CSS("#chart-hours.drawn")))
	labels := js[[]bool](t, b, `(() => { const o = echarts.getInstanceByDom(document.getElementById("chart-hours")).getOption();
		return o.series[0].data.filter(d => d.value == 0).map(d => !(d.label && d.label.show === false)) })()`)
	for _, shown := range labels {
		if shown {
			t.Errorf("a slice of nobody is labelled on the donut: %v", labels)
			break
		}
	}
	if len(labels) == 0 {
		t.Log("the demo's donut has no empty slice")
	}
	// The person report's table is never cut off: it fits, or its own box
	// scrolls sideways while the page does not.
	learner, err := ts.Org.UserByUsername(context.Background(), "demo_learner")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{1366, 390} {
		do(t, b, "person report", chromedp.EmulateViewport(int64(w), 900),
			chromedp.Navigate(fmt.Sprintf("%s/reports/people/%d", ts.URL, learner.ID)), chromedp.WaitVisible(chromedp.ID("transcript")))
		cut := js[string](t, b, `(() => { const t = document.getElementById("transcript"), box = t.closest(".table-wrap") || t.parentElement;
			const page = document.documentElement.scrollWidth > window.innerWidth, r = t.getBoundingClientRect(), b = box.getBoundingClientRect();
			const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
			return page ? "the page scrolls sideways" : (r.right > b.right + 1 && !scrolls ? "the table runs past its box" : "") })()`)
		if cut != "" {
			t.Errorf("person report at %d px: %s", w, cut)
		}
	}
}
