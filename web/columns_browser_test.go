package web

import (
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
}
