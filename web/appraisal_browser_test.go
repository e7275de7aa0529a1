package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

// The "done when", in Chromium at a phone's width: the committee
// starts a campaign from the template for its branches, members answer on
// the phone page (review, then 确认提交), the committee watches the
// response rate, closes, reads each secretary's weighted result and the
// comments, sees 机关党支部 with 4 ballots as 样本不足, lists the 需约谈,
// records a follow-up and downloads the workbook.
func TestBrowserAppraisalCampaign(t *testing.T) {
	t.Parallel()
	as := newAppraisalServer(t)
	b := testenv.Browser(t, 150*time.Second, 390)
	browserLogin(t, b, as.URL, "demo_committee")
	id := as.createInBrowser(t, b)
	signOut(t, b)
	// Three members answer in the browser, the rest through the same forms.
	as.answerInBrowser(t, b, "demo_learner", []int{0, 1, 2}, 0, "希望多深入基层")
	as.answerInBrowser(t, b, "hb2_02", []int{3, 3, 2}, 2, "")
	as.answerInBrowser(t, b, "hbj_02", []int{0, 0, 0}, 0, "")
	for _, u := range []string{"hb1_02", "hb1_03", "hb1_04", "hb1_05", "hb1_06"} {
		as.answerByForm(t, u, id, []int{0, 1, 2}, 0, "作风扎实")
	}
	for _, u := range []string{"hb2_03", "hb2_04", "hb2_05", "hb2_06"} {
		as.answerByForm(t, u, id, []int{2, 3, 3}, 2, "")
	}
	for _, u := range []string{"hbj_03", "hbj_04"} {
		as.answerByForm(t, u, id, []int{1, 1, 1}, 1, "")
	}
	browserLogin(t, b, as.URL, "demo_committee")
	page := fmt.Sprintf("%s/appraisals/%d", as.URL, id)
	do(t, b, "watch the response rate", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("progress")))
	wantText(t, "response rate", text(t, b, "#progress"), "6 / 6（100%）", "5 / 5（100%）", "3 / 5（60%）")
	as.answerByForm(t, "hbj_05", id, []int{1, 1, 1}, 1, "")
	do(t, b, "close", chromedp.Navigate(page), chromedp.Click(chromedp.ID("close")), chromedp.WaitVisible(chromedp.ID("results")))
	results := text(t, b, "#results")
	wantText(t, "results", results, "80.00", "样本不足", "需约谈")
	wantText(t, "overall", text(t, b, "#overall"), "15 / 16")
	as.readResult(t, b, id)
	as.followUp(t, b, id)
	as.exportInBrowser(t, b)
}

func (as *appraisalServer) createInBrowser(t *testing.T, b context.Context) int64 {
	do(t, b, "open 群众评议", chromedp.Navigate(as.URL+"/appraisals"), chromedp.Click(chromedp.ID("new-campaign")),
		chromedp.WaitVisible(chromedp.ID("campaign-form")))
	wantText(t, "template", text(t, b, "#template-pick"), "党支部书记述职评议")
	wantText(t, "branches", text(t, b, "#targets"), "第一党支部", "第二党支部", "机关党支部")
	steps := []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS(`input[name="title"]`), "2026 年度党支部书记述职评议")}
	for unit, who := range map[string]string{firstBranch: "hb1_01", demoNorth + "/生产党总支/第二党支部": "hb2_01",
		demoNorth + "/机关党支部": "hbj_01"} {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`select[name="target_%d"]`, as.unitID(t, unit))),
			fmt.Sprint(as.user(t, who).ID)))
	}
	steps = append(steps, chromedp.Click(chromedp.ID("create")), chromedp.WaitVisible(chromedp.ID("progress")))
	do(t, b, "create the campaign", steps...)
	loc := js[string](t, b, `location.pathname`)
	var id int64
	if _, err := fmt.Sscanf(loc, "/appraisals/%d", &id); err != nil {
		t.Fatalf("after create: %s", loc)
	}
	wantText(t, "new campaign", text(t, b, "#progress"), "0 / 6", "0 / 5")
	return id
}

// answerInBrowser: sign in, open the target from 待我评议, choose, review,
// 确认提交, sign out.
func (as *appraisalServer) answerInBrowser(t *testing.T, b context.Context, user string, steps []int, grade int, comment string) {
	browserLogin(t, b, as.URL, user)
	do(t, b, user+" opens the form", chromedp.Navigate(as.URL+"/appraisals"), chromedp.Click(chromedp.CSS("#todo a.button")),
		chromedp.WaitVisible(chromedp.ID("ballot")))
	wantText(t, "the notice", text(t, b, "#privacy"), "无法知道哪张票是您的", "提交后不能更改")
	if w := js[string](t, b, `document.documentElement.scrollWidth > innerWidth + 1 ? document.documentElement.scrollWidth + " px in " + innerWidth : ""`); w != "" {
		t.Errorf("the form overflows the phone's screen: %s", w)
	}
	var acts []chromedp.Action[chromedp.Void]
	for i, s := range steps {
		acts = append(acts, chromedp.Click(chromedp.ID(fmt.Sprintf("s%d-%d", i, s))))
	}
	acts = append(acts, chromedp.Click(chromedp.ID(fmt.Sprintf("grade-%d", grade))))
	if comment != "" {
		acts = append(acts, chromedp.SendKeys(chromedp.CSS(`textarea[name="comment"]`), comment))
	}
	acts = append(acts, chromedp.Click(chromedp.ID("review")), chromedp.WaitVisible(chromedp.ID("confirm")))
	do(t, b, user+" reviews", acts...)
	wantText(t, "review", text(t, b, "#review-list"), "不能更改")
	do(t, b, user+" confirms", chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.CSS("p.success")))
	wantText(t, "after submit", text(t, b, "main"), "评议已提交", "✔ 已提交")
	signOut(t, b)
}

// answerByForm posts the same two forms the page has, as user.
func (as *appraisalServer) answerByForm(t *testing.T, user string, id int64, steps []int, grade int, comment string) {
	c := as.login(t, user)
	var mine struct {
		Todo []struct {
			TargetID int64 `json:"target_id"`
		} `json:"todo"`
	}
	c.do("GET", "/api/v1/me/appraisals", nil, &mine)
	if len(mine.Todo) != 1 {
		t.Fatalf("%s has %d targets to rate", user, len(mine.Todo))
	}
	form := url.Values{"grade": {fmt.Sprint(grade)}, "comment": {comment}}
	for i, s := range steps {
		form.Set(fmt.Sprint("s", i), fmt.Sprint(s))
	}
	base := fmt.Sprintf("/appraisals/%d/targets/%d", id, mine.Todo[0].TargetID)
	if st, body, _ := c.post(base+"/review", form); st != 200 || !strings.Contains(body, "确认提交") {
		t.Fatalf("%s review: %d", user, st)
	}
	if st, _, loc := c.post(base+"/submit", form); st != 303 || !strings.Contains(loc, "ok=submitted") {
		t.Fatalf("%s submit: %d %s", user, st, loc)
	}
}

func (as *appraisalServer) readResult(t *testing.T, b context.Context, id int64) {
	do(t, b, "open the first secretary", chromedp.Click(chromedp.CSS(`#results tbody tr:first-child a`)),
		chromedp.WaitVisible(chromedp.ID("summary")))
	wantText(t, "weighted score", text(t, b, "#score"), "80.00")
	wantText(t, "indicators", text(t, b, "#indicators"), "政治素质", "履职尽责", "作风形象")
	wantText(t, "comments", text(t, b, "#comments"), "希望多深入基层", "作风扎实")
	do(t, b, "open 机关党支部's secretary", chromedp.Navigate(fmt.Sprintf("%s/appraisals/%d", as.URL, id)),
		chromedp.Click(chromedp.CSS(`#results tbody tr:last-child a`)), chromedp.WaitVisible(chromedp.ID("insufficient")))
	if js[bool](t, b, `!!document.getElementById("score") || !!document.getElementById("comments")`) {
		t.Error("a target with 4 ballots shows a score or comments")
	}
}

func (as *appraisalServer) followUp(t *testing.T, b context.Context, id int64) {
	do(t, b, "the 需约谈 list", chromedp.Navigate(fmt.Sprintf("%s/appraisals/%d", as.URL, id)), chromedp.WaitVisible(chromedp.ID("talk-list")))
	wantText(t, "需约谈", text(t, b, "#talk-list"), "第二党支部", "尚未记录约谈")
	do(t, b, "record the follow-up", chromedp.Click(chromedp.CSS("#talk-list a")), chromedp.WaitVisible(chromedp.ID("followup")),
		chromedp.SetValue(chromedp.CSS(`input[name="talked_on"]`), "2026-12-10"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="requirement"]`), "加强理论学习，每月走访党员"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="progress"]`), "已制定整改清单"),
		chromedp.Click(chromedp.ID("save-followup")), chromedp.WaitVisible(chromedp.ID("followup-record")))
	wantText(t, "follow-up", text(t, b, "#followup-record"), "2026-12-10", "加强理论学习", "已制定整改清单")
	do(t, b, "back to the list", chromedp.Navigate(fmt.Sprintf("%s/appraisals/%d", as.URL, id)), chromedp.WaitVisible(chromedp.ID("talk-list")))
	wantText(t, "followed", text(t, b, "#talk-list"), "已谈话")
}

func (as *appraisalServer) exportInBrowser(t *testing.T, b context.Context) {
	href := js[string](t, b, `document.getElementById("export").getAttribute("href")`)
	got, err := chromedp.Run(b, chromedp.Evaluate[string](`fetch("`+href+`").then(r => r.arrayBuffer().then(buf =>
		r.status + " " + r.headers.get("content-type") + " " + String.fromCharCode.apply(null, new Uint8Array(buf).slice(0, 2)) + " " + buf.byteLength))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "workbook", got, "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet PK")
}

// signOut submits the menu's 退出 form.
func signOut(t *testing.T, b context.Context) {
	do(t, b, "sign out", chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/logout"]').submit()`),
		chromedp.WaitVisible(chromedp.ID("username")))
}
