package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

// Done when: a committee publishes a 必读 notice with a PDF by clicking, a
// learner reads it on a phone, the committee sees the read status and
// reminds the others, whose bell then carries the reminder.
func TestBrowserNoticeMustRead(t *testing.T) {
	t.Parallel()
	fs := newFullServer(t)
	pdf := filepath.Join(t.TempDir(), "学习安排.pdf")
	if err := os.WriteFile(pdf, tinyPDF(), 0o600); err != nil {
		t.Fatal(err)
	}
	committee := testenv.Browser(t, 90*time.Second, 1200)
	browserLogin(t, committee, fs.URL, "demo_committee")
	id := publishByClicking(t, committee, fs, pdf)

	phone := testenv.Browser(t, 60*time.Second, 390)
	browserLogin(t, phone, fs.URL, "demo_learner")
	wantText(t, "home notices", text(t, phone, "#home-notices"), "关于冬训学习安排的通知", "必读", "未读")
	wantText(t, "bell", text(t, phone, ".bell .badge"), "1")
	do(t, phone, "open the notice", chromedp.Click(chromedp.CSS(`#home-notices a.notif-title`)),
		chromedp.WaitVisible(chromedp.ID("notice")))
	wantText(t, "read state", text(t, phone, "#notice-read-state"), "已读")
	wantText(t, "body", text(t, phone, ".notice-body"), "请各支部")
	wantText(t, "bold words", text(t, phone, ".notice-body p strong"), "按时组织学习")
	wantText(t, "second line", text(t, phone, ".notice-body p:nth-of-type(2)"), "学习材料见附件")
	pdfState, err := chromedp.Run(phone, chromedp.Evaluate[string](`(() => { const f = document.querySelector("iframe.notice-pdf");
		return fetch(f.src).then(r => r.status + " " + r.headers.get("content-type")) })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pdfState, "200 application/pdf") {
		t.Errorf("the PDF in the page: %s", pdfState)
	}
	if w := js[string](t, phone, `document.documentElement.scrollWidth + " in " + window.innerWidth`); !strings.HasSuffix(w, " in "+strings.Fields(w)[0]) {
		t.Errorf("the notice page scrolls sideways on a phone: %s px", w)
	}

	do(t, committee, "read status", chromedp.Navigate(fmt.Sprintf("%s/notices/%d/status", fs.URL, id)),
		chromedp.WaitVisible(chromedp.ID("notice-units")))
	totals := text(t, committee, "#notice-totals")
	wantText(t, "totals", totals, "已读 2 人") // the learner, and the publisher who looked at it published
	wantText(t, "by unit", text(t, committee, "#notice-units"), "生产党总支")
	branch := js[string](t, committee, `[...document.querySelectorAll("#notice-units a")].find(a => a.textContent.includes("生产党总支")).href`)
	do(t, committee, "drill to the branch", chromedp.Navigate(branch), chromedp.WaitVisible(chromedp.ID("notice-people")))
	do(t, committee, "unread people", chromedp.Click(chromedp.ID("show-unread")), chromedp.WaitVisible(chromedp.ID("notice-people")))
	unread := text(t, committee, "#notice-people")
	if strings.Contains(unread, "张学员") || !strings.Contains(unread, "未读") {
		t.Errorf("unread list: %s", unread)
	}
	js[bool](t, committee, `window.confirm = () => true; true`)
	do(t, committee, "remind", chromedp.Click(chromedp.ID("notice-remind")), chromedp.WaitVisible(chromedp.ID("notice-flash")))
	wantText(t, "reminded", text(t, committee, "#notice-flash"), "提醒已发出")
	deliverReminders(t, fs, id)

	other := testenv.Browser(t, 60*time.Second, 390)
	browserLogin(t, other, fs.URL, "hb1_01")
	do(t, other, "bell page", chromedp.Navigate(fs.URL+"/notifications"), chromedp.WaitVisible(chromedp.ID("notifications")))
	wantText(t, "reminder under the bell", text(t, other, "#notifications"), "请阅读必读通知《关于冬训学习安排的通知》")
	wantText(t, "unread notice on the bell page", text(t, other, "#bell-notices"), "关于冬训学习安排的通知")
	var mine int
	if err := fs.server.DB.QueryRow(context.Background(), `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.username = 'demo_learner' AND n.kind = 'notice_remind'`).Scan(&mine); err != nil || mine != 0 {
		t.Errorf("the learner who read it was reminded: %d %v", mine, err)
	}
}

// publishByClicking writes, attaches and publishes the notice through the
// publisher's pages, and returns its id.
func publishByClicking(t *testing.T, b context.Context, fs *fullServer, pdf string) int64 {
	unit := fs.unitID(t, demoNorth)
	do(t, b, "new notice", chromedp.Navigate(fs.URL+"/notices/new"), chromedp.WaitVisible(chromedp.ID("notice-form")),
		chromedp.SendKeys(chromedp.CSS(`#notice-form input[name=title]`), "关于冬训学习安排的通知"),
		// Typed in the editor; its bold button bolds the selected words: no tags typed.
		chromedp.Click(chromedp.CSS(`#notice-form .ql-editor`)), typeKeys("请各支部按时组织学习。\r学习材料见附件。"))
	edJS(t, b, editorJS)
	edJS(t, b, `__ed.select("#notice-form", "按时组织学习")`)
	do(t, b, "bold and save", settle(), chromedp.Click(chromedp.CSS(`#notice-form .ql-toolbar button.ql-bold`)),
		chromedp.SetValue(chromedp.CSS(`#notice-form select[name=unit_id]`), fmt.Sprint(unit)),
		chromedp.Click(chromedp.ID("must-read")),
		chromedp.Click(chromedp.ID("notice-save")), chromedp.WaitVisible(chromedp.ID("notice-attach")))
	do(t, b, "attach the PDF", chromedp.SetUploadFiles(chromedp.CSS(`#notice-attach input[name=file]`), []string{pdf}),
		chromedp.Click(chromedp.ID("notice-upload")), chromedp.WaitVisible(chromedp.ID("notice-attachments")))
	wantText(t, "attached", text(t, b, "#notice-attachments"), "学习安排.pdf")
	do(t, b, "preview", chromedp.Click(chromedp.ID("notice-preview")), chromedp.WaitVisible(chromedp.ID("notice-publish")))
	do(t, b, "publish", chromedp.Click(chromedp.ID("notice-publish")), chromedp.WaitVisible(chromedp.ID("notice-status")))
	loc, err := chromedp.Run(b, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if _, err := fmt.Sscanf(loc[strings.Index(loc, "/notices/"):], "/notices/%d", &id); err != nil {
		t.Fatalf("notice url %s: %v", loc, err)
	}
	return id
}

// deliverReminders does the work of the reminder jobs the page inserted
// (the test server's job client only inserts): each job must exist.
func deliverReminders(t *testing.T, fs *fullServer, id int64) {
	t.Helper()
	ctx := context.Background()
	var jobs int
	if err := fs.server.DB.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'notice.remind'`).Scan(&jobs); err != nil || jobs != 1 {
		t.Fatalf("reminder jobs: %d %v", jobs, err)
	}
	var rid int64
	if err := fs.server.DB.QueryRow(ctx, `SELECT (args->>'reminder_id')::bigint FROM river_job WHERE kind = 'notice.remind'`).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	if err := fs.server.Notice.Deliver(ctx, rid); err != nil {
		t.Fatal(err)
	}
}
