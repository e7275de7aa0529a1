package web

import (
	"bytes"
	"encoding/base64"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// A committee member of the demo organisation opens the dashboard, sees
// its charts drawn, drills down from the company to a branch, to a person
// and their transcript, and downloads the workbook.
func TestBrowserCommitteeReports(t *testing.T) {
	rs := newReportServer(t)
	ctx := newBrowser(t)
	browserLogin(t, ctx, rs.URL, "demo_committee")

	do(t, ctx, "open the dashboard",
		chromedp.Click(chromedp.CSS(`#menu-manage summary`)),
		chromedp.Click(chromedp.CSS(`#nav a[href="/reports"]`)),
		chromedp.WaitVisible(chromedp.CSS("#units-table")))
	wantText(t, "dashboard", text(t, ctx, "main"), "学习完成情况统计", "华北分公司党委", "各单位完成率", "完成率最低的十个单位")
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.querySelector("#chart-units canvas") !== null && document.querySelector("#chart-hours canvas") !== null`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("charts not drawn: %v", err)
	}

	do(t, ctx, "sort by completion rate",
		chromedp.Click(chromedp.CSS(`#units-table th:nth-child(8) button`)),
		chromedp.WaitVisible(chromedp.CSS(`#units-table th[aria-sort]`)))

	do(t, ctx, "drill down to 生产党总支",
		chromedp.Click(chromedp.Search(`//table[@id="units-table"]//a[normalize-space(text())="生产党总支"]`)),
		chromedp.WaitVisible(chromedp.Search(`//table[@id="units-table"]//a[normalize-space(text())="第一党支部"]`)))
	wantText(t, "breadcrumb", text(t, ctx, ".crumbs"), "华北分公司党委", "生产党总支")

	do(t, ctx, "open 第一党支部's people",
		chromedp.Click(chromedp.Search(`//table[@id="units-table"]//a[normalize-space(text())="第一党支部"]`)),
		chromedp.WaitVisible(chromedp.CSS("#people-table")))
	wantText(t, "people", text(t, ctx, "#people-table"), "张学员")

	do(t, ctx, "open a transcript",
		chromedp.Click(chromedp.Search(`//table[@id="people-table"]//a[text()="张学员"]`)),
		chromedp.WaitVisible(chromedp.CSS("#transcript")))
	wantText(t, "transcript", text(t, ctx, "#transcript"), "学习贯彻党的二十大精神", "已完成")

	do(t, ctx, "back to the dashboard", chromedp.Navigate(rs.URL+"/reports"), chromedp.WaitVisible(chromedp.CSS(".report-exports")))
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`
		fetch(document.querySelector('.report-exports a[href*="all.xlsx"]').href)
		  .then(r => r.arrayBuffer())
		  .then(b => { let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	must(t, err)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the download is not a workbook: %v", err)
	}
	defer f.Close()
	for sheet, header := range map[string]string{"各单位": "组织", "各课程": "课程", "人员明细": "账号"} {
		if v, _ := f.GetCellValue(sheet, "A1"); v != header {
			t.Errorf("%s!A1 = %q, want %q", sheet, v, header)
		}
	}
}
