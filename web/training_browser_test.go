package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
	"lms/org"
)

// The "done when", at phone width in real Chromium: a committee
// creates a class with two courses and an offline session; two learners
// apply and are approved; one checks in through the head teacher's code
// and a stale code is refused; the class closes; the learner's
// certificate PDF shows Chinese text and its serial opens the public
// check; a 中心组学习 claim is approved and appears in the transcript.
//
// The QR codes are read as a phone's camera would: the head teacher's
// screen from the image the page shows, the certificate's from its PDF
// rendered by pdftoppm.
func TestBrowserTrainingClass(t *testing.T) {
	fs := newFullServer(t)
	clock := testenv.NewClock(time.Now())
	fs.server.Training.SetClock(clock.Now)
	fs.server.BaseURL, fs.server.Training.BaseURL = fs.URL, fs.URL
	ctx := testenv.Browser(t, 2*time.Minute, 390)
	c1, c2 := fs.seedCourse(t, "党章党规学习", false), fs.seedCourse(t, "廉洁从业教育专题", false)

	browserLoginTo(t, ctx, fs.URL, "demo_committee")
	classURL := createClassInBrowser(t, ctx, fs, c1.ID, c2.ID)
	signOut(t, ctx)
	for _, u := range []string{"demo_learner", "hb1_01"} {
		browserLoginTo(t, ctx, fs.URL, u)
		tdo(t, ctx, u+" applies", chromedp.Navigate(classURL), chromedp.Click(chromedp.ID("apply")),
			chromedp.WaitVisible(chromedp.ID("my-status")))
		wantText(t, "status", text(t, ctx, "#my-status"), "等待审核")
		signOut(t, ctx)
	}
	browserLoginTo(t, ctx, fs.URL, "demo_committee")
	for range 2 {
		tdo(t, ctx, "approve", chromedp.Navigate(classURL), chromedp.Click(chromedp.CSS(`#roster button.approve`)),
			chromedp.WaitVisible(chromedp.CSS("p.success")))
	}
	tdo(t, ctx, "roster", chromedp.Navigate(classURL), chromedp.WaitVisible(chromedp.ID("roster")))
	wantText(t, "roster", text(t, ctx, "#roster"), "张学员", "在班")
	codeURL := readCode(t, ctx, fs)
	signOut(t, ctx)

	browserLoginTo(t, ctx, fs.URL, "demo_learner")
	tdo(t, ctx, "scan and confirm", chromedp.Navigate(codeURL), chromedp.Click(chromedp.ID("checkin-confirm")),
		chromedp.WaitVisible(chromedp.ID("checkin-done")))
	wantText(t, "check-in", text(t, ctx, "#checkin-done"), "签到成功")
	signOut(t, ctx)
	clock.Add(61 * time.Second) // the screenshot of the code is two windows old
	browserLoginTo(t, ctx, fs.URL, "hb1_01")
	tdo(t, ctx, "scan a stale code", chromedp.Navigate(codeURL), chromedp.Click(chromedp.ID("checkin-confirm")),
		chromedp.WaitVisible(chromedp.CSS("main p.error")))
	wantText(t, "stale code", text(t, ctx, "main p.error"), "签到码已过期")
	signOut(t, ctx)

	browserLoginTo(t, ctx, fs.URL, "demo_committee")
	tdo(t, ctx, "close the class", chromedp.Navigate(classURL),
		chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true }`),
		chromedp.Click(chromedp.ID("close")), chromedp.WaitVisible(chromedp.ID("results")))
	wantText(t, "results", text(t, ctx, "#results"), "结业", "未结业", "出勤率")
	signOut(t, ctx)
	certificateInBrowser(t, ctx, fs)
	claimInBrowser(t, ctx, fs)
}

// createClassInBrowser fills the class form, then adds two courses and a
// lecture happening now; it returns the class page's address.
func createClassInBrowser(t *testing.T, ctx context.Context, fs *fullServer, course1, course2 int64) string {
	t.Helper()
	today := time.Now().In(chinaTZ)
	tdo(t, ctx, "create the class",
		chromedp.Navigate(fs.URL+"/training"),
		chromedp.SendKeys(chromedp.CSS(`#class-form input[name=name]`), "2026年党支部书记专题培训班"),
		chromedp.SetValue(chromedp.CSS(`#class-form select[name=unit_id]`), id64(fs.unitID(t, demoNorth))),
		chromedp.SendKeys(chromedp.CSS(`#class-form input[name=organiser]`), "华北分公司党委组织部"),
		chromedp.SetValue(chromedp.CSS(`#class-form input[name=starts_on]`), today.Format("2006-01-02")),
		chromedp.SetValue(chromedp.CSS(`#class-form input[name=ends_on]`), today.AddDate(0, 0, 2).Format("2006-01-02")),
		chromedp.SetValue(chromedp.CSS(`#class-form input[name=hours]`), "6"),
		chromedp.SetValue(chromedp.CSS(`#class-form input[name=min_attendance]`), "100"),
		// The plan is written in the editor: a heading and a paragraph.
		chromedp.Click(chromedp.CSS(`#class-form .ql-editor`)), settle(),
		chromedp.Click(chromedp.CSS(`#class-form .ql-toolbar button.ql-header[value="2"]`)),
		typeKeys("培训安排\r集中学习两天，现场教学一天。"), settle(),
		chromedp.Click(chromedp.ID("class-create")),
		chromedp.WaitVisible(chromedp.ID("class-name")))
	wantText(t, "the plan's heading", text(t, ctx, "#class-plan h2"), "培训安排")
	wantText(t, "the plan's text", text(t, ctx, "#class-plan p"), "集中学习两天")
	classURL, err := chromedp.Run(ctx, chromedp.Location())
	trMust(t, err)
	classURL = strings.TrimSuffix(classURL, "?ok=saved")
	// Courses are picked by name.
	tdo(t, ctx, "the course form", chromedp.Navigate(classURL), chromedp.WaitVisible(chromedp.ID("course-form")))
	picked := js[string](t, ctx, `[...document.querySelectorAll('#course-form select[name=course_id] option')].map(o => o.textContent).join("|")`)
	for _, id := range []int64{course1, course2} {
		crs, err := fs.Course.Course(context.Background(), org.System(), id)
		trMust(t, err)
		wantText(t, "the course picker", picked, crs.Title)
	}
	for _, id := range []int64{course1, course2} {
		tdo(t, ctx, "add a course", chromedp.Navigate(classURL),
			chromedp.SetValue(chromedp.CSS(`#course-form select[name=course_id]`), id64(id)),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('#course-form input[name=required]').checked = false`),
			chromedp.Click(chromedp.ID("course-add")), chromedp.WaitVisible(chromedp.CSS("p.success")))
	}
	now := time.Now().In(chinaTZ)
	tdo(t, ctx, "add a lecture", chromedp.Navigate(classURL),
		chromedp.SendKeys(chromedp.CSS(`#session-form input[name=title]`), "学习贯彻党的二十大精神辅导报告"),
		chromedp.SetValue(chromedp.CSS(`#session-form input[name=starts_at]`), now.Add(-5*time.Minute).Format("2006-01-02T15:04")),
		chromedp.SetValue(chromedp.CSS(`#session-form input[name=ends_at]`), now.Add(2*time.Hour).Format("2006-01-02T15:04")),
		chromedp.SendKeys(chromedp.CSS(`#session-form input[name=place]`), "党校报告厅"),
		chromedp.Click(chromedp.ID("session-add")), chromedp.WaitVisible(chromedp.CSS(`a.code-link`)))
	wantText(t, "schedule", text(t, ctx, "#class-courses"), "党章党规学习", "廉洁从业教育专题")
	wantText(t, "sessions", text(t, ctx, "#class-sessions"), "专题讲座", "党校报告厅")
	return classURL
}

// readCode opens the head teacher's screen and decodes the address its QR
// image shows.
func readCode(t *testing.T, ctx context.Context, fs *fullServer) string {
	t.Helper()
	tdo(t, ctx, "open the code screen", chromedp.Click(chromedp.CSS(`a.code-link`)), chromedp.WaitVisible(chromedp.ID("qr")))
	until(t, ctx, "QR image loaded", `document.getElementById('qr').complete && document.getElementById('qr').naturalWidth > 0`, 5*time.Second)
	shot, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const i = document.getElementById('qr'), c = document.createElement('canvas');
		c.width = i.naturalWidth; c.height = i.naturalHeight; c.getContext('2d').drawImage(i, 0, 0); return c.toDataURL('image/png') })()`))
	trMust(t, err)
	raw := decodeQR(t, dataURLBytes(t, shot))
	if !strings.HasPrefix(raw, fs.URL+"/training/checkin?") {
		t.Fatalf("code URL %q", raw)
	}
	return raw
}

var serialRe = regexp.MustCompile(`[A-Z2-7]{32}`)

// certificateInBrowser: the learner finds the certificate on the training
// page, its PDF reads in Chinese, and its serial opens the public check.
func certificateInBrowser(t *testing.T, ctx context.Context, fs *fullServer) {
	t.Helper()
	browserLoginTo(t, ctx, fs.URL, "demo_learner")
	tdo(t, ctx, "my certificates", chromedp.Navigate(fs.URL+"/training"), chromedp.WaitVisible(chromedp.ID("my-certs")))
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#my-certs a.cert-pdf').getAttribute('href')`))
	trMust(t, err)
	st, pdf, _ := fs.login(t, "demo_learner").raw("GET", href, "", nil)
	if st != 200 {
		t.Fatalf("download %s: %d", href, st)
	}
	text := pdfText(t, pdf)
	wantText(t, "certificate PDF", text, "结业证书", "张学员", "2026年党支部书记专题培训班", "华北分公司党委组织部", "6学时")
	serial := serialRe.FindString(text)
	if serial == "" {
		t.Fatalf("no serial in %s", text)
	}
	// The QR code printed on the certificate opens its public check.
	check := decodeQR(t, pdfFirstPagePNG(t, pdf))
	if check != fs.server.Training.VerifyURL(serial) {
		t.Fatalf("the certificate's QR code reads %q, want the check of %s", check, serial)
	}
	signOut(t, ctx)
	tdo(t, ctx, "open the check", chromedp.Navigate(check), chromedp.WaitVisible(chromedp.ID("verify")))
	wantText(t, "verification", text2(t, ctx, "#verify"), "证书真实有效", "张学员", "2026年党支部书记专题培训班")
}

func text2(t *testing.T, ctx context.Context, css string) string { return text(t, ctx, css) }

// claimInBrowser: the learner claims a 中心组学习 session with evidence,
// the committee approves it, and the transcript shows it apart.
func claimInBrowser(t *testing.T, ctx context.Context, fs *fullServer) {
	t.Helper()
	evidence := filepath.Join(t.TempDir(), "中心组学习签到表.pdf")
	trMust(t, os.WriteFile(evidence, []byte("%PDF-1.4\n%%EOF\n"), 0o644))
	today := time.Now().In(chinaTZ).Format("2006-01-02")
	browserLoginTo(t, ctx, fs.URL, "demo_learner")
	tdo(t, ctx, "claim",
		chromedp.Navigate(fs.URL+"/training/claims"),
		chromedp.SetValue(chromedp.CSS(`#claim-form select[name=kind]`), "group_study"),
		chromedp.SendKeys(chromedp.CSS(`#claim-form input[name=title]`), "学习贯彻全会精神专题研讨"),
		chromedp.SendKeys(chromedp.CSS(`#claim-form input[name=organiser]`), "华北分公司党委理论学习中心组"),
		chromedp.SetValue(chromedp.CSS(`#claim-form input[name=starts_on]`), today),
		chromedp.SetValue(chromedp.CSS(`#claim-form input[name=ends_on]`), today),
		chromedp.SetValue(chromedp.CSS(`#claim-form input[name=hours]`), "3"),
		chromedp.SetUploadFiles(chromedp.CSS(`#claim-form input[name=files]`), []string{evidence}),
		chromedp.Click(chromedp.ID("claim-submit")), chromedp.WaitVisible(chromedp.CSS("p.success")))
	wantText(t, "my claims", text(t, ctx, "#my-claims"), "中心组学习", "待审核")
	signOut(t, ctx)
	browserLoginTo(t, ctx, fs.URL, "demo_committee")
	tdo(t, ctx, "approve the claim", chromedp.Navigate(fs.URL+"/training/claims"),
		chromedp.Click(chromedp.CSS(`#pending button.approve`)), chromedp.WaitVisible(chromedp.CSS("p.success")))
	wantText(t, "pending", text(t, ctx, "#pending"), "暂无待审核")
	signOut(t, ctx)
	browserLoginTo(t, ctx, fs.URL, "demo_learner")
	year := time.Now().In(chinaTZ).Year()
	tdo(t, ctx, "transcript", chromedp.Navigate(fmt.Sprintf("%s/me/transcript?year=%d", fs.URL, year)),
		chromedp.WaitVisible(chromedp.ID("other-hours")))
	wantText(t, "transcript", text(t, ctx, "#other-hours"), "中心组学习：学习贯彻全会精神专题研讨", "3", "培训班")
}

// tdo is do with a deadline per step; on failure it shows the page, so
// an error page says what went wrong.
func tdo(t *testing.T, ctx context.Context, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
		t.Fatalf("%s: %v\npage: %s", step, err, page)
	}
}
