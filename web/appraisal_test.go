package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"lms/appraisal"
)

// apCampaign is a campaign of demo_committee over the secretaries of
// 第一、第二 and 机关党支部, made through the API.
type apCampaign struct {
	ID      int64
	Targets []appraisal.Target
}

func (as *appraisalServer) campaign(t *testing.T, cm *client) apCampaign {
	t.Helper()
	body := map[string]any{"title": "2026 年度党支部书记述职评议", "unit_id": as.unitID(t, demoNorth),
		"opens_at": time.Now().Add(-time.Minute), "closes_at": time.Now().Add(7 * 24 * time.Hour),
		"targets": []map[string]any{{"user_id": as.user(t, "hb1_01").ID}, {"user_id": as.user(t, "hb2_01").ID},
			{"user_id": as.user(t, "hbj_01").ID}}}
	var c appraisal.Campaign
	if st := cm.do("POST", "/api/v1/appraisals", body, &c); st != 201 {
		t.Fatalf("create campaign: %d", st)
	}
	var p appraisal.Progress
	if st := cm.do("GET", fmt.Sprintf("/api/v1/appraisals/%d", c.ID), nil, &p); st != 200 || len(p.Targets) != 3 {
		t.Fatalf("progress: %d %+v", st, p)
	}
	return apCampaign{ID: c.ID, Targets: p.Targets}
}

// ballot submits through the API as username; it returns the status.
func (as *appraisalServer) ballot(t *testing.T, username string, c apCampaign, target int, b appraisal.BallotInput) int {
	t.Helper()
	return as.login(t, username).do("POST", fmt.Sprintf("/api/v1/appraisals/%d/targets/%d/ballot", c.ID, c.Targets[target].ID), b, nil)
}

// apGet GETs a path as c and returns status and body.
func (c *client) apGet(path string) (int, []byte) {
	c.t.Helper()
	st, b, _ := c.raw("GET", path, "", nil)
	return st, b
}

// xlsxText is the text of every part of a workbook.
func xlsxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not an xlsx: %v", err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		sb.Write(b)
	}
	return sb.String()
}

func TestAppraisalAPI(t *testing.T) {
	t.Parallel()
	as := newAppraisalServer(t)
	cm := as.login(t, "demo_committee")
	c := as.campaign(t, cm)
	for _, u := range []string{"demo_learner", "hb1_02", "hb1_03", "hb1_04", "hb1_05"} {
		if st := as.ballot(t, u, c, 0, appraisal.BallotInput{Steps: []int{0, 1, 2}, Grade: 0, Comment: "作风扎实"}); st != 201 {
			t.Fatalf("ballot of %s: %d", u, st)
		}
	}
	var rem map[string]int
	if st := cm.do("POST", fmt.Sprintf("/api/v1/appraisals/%d/remind", c.ID), nil, &rem); st != 200 || rem["reminded"] != 11 {
		t.Errorf("remind: %d %v, want the 11 who have not answered", st, rem)
	}
	var bell struct {
		Unread int `json:"unread"`
	}
	as.login(t, "hb1_06").do("GET", "/api/v1/me/notifications", nil, &bell)
	if bell.Unread != 1 {
		t.Errorf("hb1_06 has %d unread notifications, want the reminder", bell.Unread)
	}
	if st := cm.do("GET", fmt.Sprintf("/api/v1/appraisals/%d/results", c.ID), nil, nil); st != 409 {
		t.Errorf("results while running: %d", st)
	}
	if st := cm.do("POST", fmt.Sprintf("/api/v1/appraisals/%d/close", c.ID), nil, nil); st != 200 {
		t.Fatalf("close: %d", st)
	}
	var r appraisal.Results
	cm.do("GET", fmt.Sprintf("/api/v1/appraisals/%d/results", c.ID), nil, &r)
	if len(r.Targets) != 3 || !r.Targets[0].Enough || *r.Targets[0].Score != 80 || r.Targets[1].Enough {
		t.Errorf("results: %+v", r.Targets)
	}
	st, data := cm.apGet(fmt.Sprintf("/api/v1/appraisals/%d/export", c.ID))
	if st != 200 {
		t.Fatalf("export: %d %s", st, data)
	}
	wantText(t, "workbook", xlsxText(t, data), "排名", "指标得分", "意见建议", "参评情况", "约谈整改", "样本不足", "作风扎实")
	if st := as.login(t, "hb1_01").do("GET", fmt.Sprintf("/api/v1/appraisals/%d/targets/%d", c.ID, c.Targets[0].ID), nil, nil); st != 404 {
		t.Errorf("the secretary before release: %d", st)
	}
	cm.do("POST", fmt.Sprintf("/api/v1/appraisals/%d/release", c.ID), map[string]bool{"released": true}, nil)
	var own appraisal.TargetResult
	if st := as.login(t, "hb1_01").do("GET", fmt.Sprintf("/api/v1/appraisals/%d/targets/%d", c.ID, c.Targets[0].ID), nil, &own); st != 200 || own.Score == nil {
		t.Errorf("the secretary after release: %d %+v", st, own)
	}
}

// Bad input through the API: a clear Chinese error, nothing written.
func TestAppraisalBadInput(t *testing.T) {
	t.Parallel()
	as := newAppraisalServer(t)
	cm := as.login(t, "demo_committee")
	campaigns := func() int { return as.count(t, `SELECT count(*) FROM appraisal_campaigns`) }
	tpl := func(mod func(map[string]any)) map[string]any {
		b := map[string]any{"title": "评议", "unit_id": as.unitID(t, demoNorth), "opens_at": time.Now(),
			"closes_at": time.Now().Add(time.Hour), "targets": []map[string]any{{"user_id": as.user(t, "hb1_01").ID}}}
		mod(b)
		return b
	}
	form := func(weights []int, steps int) map[string]any {
		var ind []map[string]any
		for i, w := range weights {
			ind = append(ind, map[string]any{"name": fmt.Sprint("指标", i), "weight": w})
		}
		var sc []map[string]any
		for i := range steps {
			sc = append(sc, map[string]any{"label": fmt.Sprint("档", i), "points": 100 - 20*i})
		}
		return map[string]any{"indicators": ind, "scale": sc}
	}
	bad := map[string]struct {
		body map[string]any
		st   int
	}{
		"weights 90":      {tpl(func(b map[string]any) { b["form"] = form([]int{30, 30, 30}, 4) }), 400},
		"one step":        {tpl(func(b map[string]any) { b["form"] = form([]int{50, 50}, 1) }), 400},
		"another subtree": {tpl(func(b map[string]any) { b["unit_id"] = as.unitID(t, demoSouth) }), 403},
		"target of 华南": {tpl(func(b map[string]any) {
			b["targets"] = []map[string]any{{"user_id": as.user(t, "hnyx_01").ID}}
		}), 403},
	}
	for name, tc := range bad {
		var e apiError
		if st := cm.do("POST", "/api/v1/appraisals", tc.body, &e); st != tc.st || !hasHan(e.Error.Message) {
			t.Errorf("%s: %d %q, want %d with a Chinese message", name, st, e.Error.Message, tc.st)
		}
	}
	if n := campaigns(); n != 0 {
		t.Fatalf("%d campaigns written by bad input", n)
	}
	c := as.campaign(t, cm)
	ballots := func() int { return as.count(t, `SELECT count(*) FROM appraisal_ballots`) }
	good := appraisal.BallotInput{Steps: []int{0, 0, 0}}
	wantBallot := func(name, user string, target int, b appraisal.BallotInput, want int) {
		var e apiError
		st := as.login(t, user).do("POST", fmt.Sprintf("/api/v1/appraisals/%d/targets/%d/ballot", c.ID, c.Targets[target].ID), b, &e)
		if st != want || !hasHan(e.Error.Message) {
			t.Errorf("%s: %d %q, want %d with a Chinese message", name, st, e.Error.Message, want)
		}
	}
	if st := as.ballot(t, "hb1_02", c, 0, good); st != 201 {
		t.Fatalf("first ballot: %d", st)
	}
	wantBallot("second ballot", "hb1_02", 0, good, 409)
	wantBallot("not a respondent", "hb2_02", 0, good, 404)
	wantBallot("outsider", "hnyx_01", 0, good, 404)
	wantBallot("missing indicator", "hb1_03", 0, appraisal.BallotInput{Steps: []int{0, 0}}, 400)
	cm.do("POST", fmt.Sprintf("/api/v1/appraisals/%d/close", c.ID), nil, nil)
	wantBallot("after close", "hb1_03", 0, good, 409)
	if n := ballots(); n != 1 {
		t.Errorf("%d ballots, want the one good one", n)
	}
	if n := as.count(t, `SELECT count(*) FROM appraisal_respondents WHERE answered`); n != 1 {
		t.Errorf("%d answered records, want 1", n)
	}
}

func (as *appraisalServer) count(t *testing.T, sql string) int {
	t.Helper()
	var n int
	if err := as.pool.QueryRow(t.Context(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
