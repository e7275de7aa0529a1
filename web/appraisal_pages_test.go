package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
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
