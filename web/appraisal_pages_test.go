package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The phone form refuses an incomplete ballot at the review step and at
// submission with the form again and a Chinese message, writing nothing;
// a submitted ballot cannot be sent twice; pages of a campaign are the
// committee's alone.
func TestAppraisalPages(t *testing.T) {
	t.Parallel()
	as := newAppraisalServer(t)
	cm := as.login(t, "demo_committee")
	c := as.campaign(t, cm)
	me := as.login(t, "hb1_02")
	base := fmt.Sprintf("/appraisals/%d/targets/%d", c.ID, c.Targets[0].ID)
	st, page := me.get(base + "/answer")
	if st != 200 || !strings.Contains(page, "系统保存什么、谁能看到") || !strings.Contains(page, "政治素质") {
		t.Fatalf("answer page: %d", st)
	}
	partial := url.Values{"s0": {"0"}, "s2": {"1"}, "grade": {"0"}}
	for _, step := range []string{"/review", "/submit"} {
		st, body, _ := me.post(base+step, partial)
		if st != 400 || !strings.Contains(body, "请为指标“履职尽责”选择评分") || !strings.Contains(body, `id="ballot"`) {
			t.Errorf("%s without 履职尽责: %d", step, st)
		}
	}
	if n := as.count(t, `SELECT count(*) FROM appraisal_ballots`); n != 0 {
		t.Fatalf("%d ballots from incomplete forms", n)
	}
	full := url.Values{"s0": {"0"}, "s1": {"1"}, "s2": {"1"}, "grade": {"1"}, "comment": {"好"}}
	if st, body, _ := me.post(base+"/review", full); st != 200 || !strings.Contains(body, "确认提交") || !strings.Contains(body, "较好") {
		t.Errorf("review: %d", st)
	}
	if n := as.count(t, `SELECT count(*) FROM appraisal_ballots`); n != 0 {
		t.Fatalf("the review step wrote a ballot")
	}
	if st, _, loc := me.post(base+"/submit", full); st != 303 || !strings.Contains(loc, "ok=submitted") {
		t.Fatalf("submit: %d %s", st, loc)
	}
	if st, body, _ := me.post(base+"/submit", full); st != 409 || !strings.Contains(body, "提交后不能更改") {
		t.Errorf("second submit: %d", st)
	}
	for _, path := range []string{fmt.Sprintf("/appraisals/%d", c.ID), fmt.Sprintf("/appraisals/%d/export", c.ID), base} {
		if st, _ := me.get(path); st != 404 {
			t.Errorf("a respondent opens %s: %d", path, st)
		}
	}
	if st, body := cm.get(fmt.Sprintf("/appraisals/%d", c.ID)); st != 200 || !strings.Contains(body, "1 / 6（17%）") {
		t.Errorf("committee's page: %d", st)
	}
}

// The new-campaign form adds staff named by account to every target's
// respondents; an unknown account refuses the whole form, writing nothing.
func TestAppraisalFormExtraRespondents(t *testing.T) {
	t.Parallel()
	as := newAppraisalServer(t)
	cm := as.login(t, "demo_committee")
	unit := fmt.Sprint(as.unitID(t, firstBranch))
	form := url.Values{"title": {"2026 年度评议"}, "scope": {fmt.Sprint(as.unitID(t, demoNorth))},
		"indicators": {"政治素质 30\n履职尽责 40\n作风形象 30"}, "scale": {"好 100\n较好 80\n一般 60\n差 40"},
		"opens": {time.Now().In(chinaTZ).Format("2006-01-02")}, "closes": {time.Now().In(chinaTZ).AddDate(0, 0, 7).Format("2006-01-02")},
		"talk_dissatisfied": {"30"}, "talk_score": {"70"}, "unit": {unit},
		"target_" + unit: {fmt.Sprint(as.user(t, "hb1_01").ID)}, "extra": {"hb2_03，nobody_here"}}
	if st, body, _ := cm.post("/appraisals", form); st != 400 || !strings.Contains(body, "账号“nobody_here”不存在") {
		t.Fatalf("unknown account: %d", st)
	}
	if n := as.count(t, `SELECT count(*) FROM appraisal_campaigns`); n != 0 {
		t.Fatalf("%d campaigns written by a refused form", n)
	}
	form.Set("extra", "hb2_03")
	st, _, loc := cm.post("/appraisals", form)
	var id int64
	if _, err := fmt.Sscanf(loc, "/appraisals/%d", &id); st != 303 || err != nil {
		t.Fatalf("create: %d %s", st, loc)
	}
	var p struct {
		Targets []struct {
			ID    int64 `json:"id"`
			Asked int   `json:"asked"`
		} `json:"targets"`
	}
	if st := cm.do("GET", fmt.Sprintf("/api/v1/appraisals/%d", id), nil, &p); st != 200 || len(p.Targets) != 1 {
		t.Fatalf("progress: %d %+v", st, p)
	}
	answer := fmt.Sprintf("/appraisals/%d/targets/%d/answer", id, p.Targets[0].ID)
	if st, _ := as.login(t, "hb2_03").get(answer); st != 200 {
		t.Errorf("the named staff member opens the form: %d", st)
	}
	if st, _ := as.login(t, "hb1_02").get(answer); st != 200 {
		t.Errorf("a member of the branch opens the form: %d", st)
	}
	if st, _ := as.login(t, "hb2_04").get(answer); st != 404 {
		t.Errorf("a member of another branch opens the form: %d", st)
	}
}
