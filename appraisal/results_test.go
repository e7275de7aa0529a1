package appraisal

import (
	"sort"
	"testing"

	"lms/internal/apperr"
)

// answerAll: the respondents of 第一 rate 好/较好/一般 (score 80) and are
// 满意; 第二's five rate 一般/差/差 (score 46) and three of them are 不满意;
// only four of 机关's five answer.
func (e *env) answerAll(c *Campaign, ts []Target) {
	e.t.Helper()
	for i, u := range []string{"demo_learner", "hb1_02", "hb1_03", "hb1_04", "hb1_05", "hb1_06"} {
		must(e.t, e.submit(u, c, ts[0], BallotInput{Steps: []int{0, 1, 2}, Grade: 0, Comment: []string{"很好", "", "继续保持", "", "", ""}[i]}))
	}
	for i, u := range []string{"hb2_02", "hb2_03", "hb2_04", "hb2_05", "hb2_06"} {
		must(e.t, e.submit(u, c, ts[1], BallotInput{Steps: []int{2, 3, 3}, Grade: []int{2, 2, 2, 1, 0}[i], Comment: "需改进"}))
	}
	for _, u := range []string{"hbj_02", "hbj_03", "hbj_04", "hbj_05"} {
		must(e.t, e.submit(u, c, ts[2], BallotInput{Steps: []int{0, 0, 0}, Grade: 0}))
	}
}

func TestResults(t *testing.T) {
	e := newEnv(t)
	cm := e.actor("demo_committee")
	c := e.campaign(nil)
	ts := e.targets(c)
	e.answerAll(c, ts)
	if _, err := e.svc.Results(e.ctx, cm, c.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("results while running: %v", err)
	}
	_, err := e.svc.Close(e.ctx, cm, c.ID)
	must(t, err)
	r, err := e.svc.Results(e.ctx, cm, c.ID)
	must(t, err)
	byID := map[int64]TargetResult{}
	for _, x := range r.Targets {
		byID[x.ID] = x
	}
	one, two, office := byID[ts[0].ID], byID[ts[1].ID], byID[ts[2].ID]
	if !one.Enough || *one.Score != 80 || one.Rank != 1 || one.NeedsTalk || one.GradeShares[0] != 1 {
		t.Errorf("第一党支部: %+v", one)
	}
	if !two.Enough || *two.Score != 46 || two.Rank != 2 || !two.NeedsTalk || two.GradeShares[2] != 0.6 {
		t.Errorf("第二党支部: %+v", two)
	}
	if office.Enough || office.Score != nil || office.GradeShares != nil || office.Ballots != 4 || office.Rank != 0 {
		t.Errorf("机关党支部 with 4 ballots shows figures: %+v", office)
	}
	_, d, err := e.svc.TargetDetail(e.ctx, cm, c.ID, ts[0].ID)
	must(t, err)
	if d.Indicators[1].Mean != 80 || d.Indicators[2].Counts[2] != 6 || d.Indicators[0].Counts[0] != 6 {
		t.Errorf("indicators: %+v", d.Indicators)
	}
	sort.Strings(d.Comments)
	if len(d.Comments) != 2 || d.Comments[0] != "很好" {
		t.Errorf("comments: %v", d.Comments)
	}
	_, d, err = e.svc.TargetDetail(e.ctx, cm, c.ID, ts[2].ID)
	must(t, err)
	if d.Indicators != nil || d.Comments != nil {
		t.Errorf("a target under %d ballots shows a breakdown: %+v", MinBallots, d)
	}
	talk, err := e.svc.TalkList(e.ctx, cm, c.ID)
	must(t, err)
	if len(talk.Targets) != 1 || talk.Targets[0].ID != ts[1].ID {
		t.Errorf("需约谈: %+v", talk.Targets)
	}
}

func TestResultsReleaseAndAccess(t *testing.T) {
	e := newEnv(t)
	cm := e.actor("demo_committee")
	c := e.campaign(nil)
	ts := e.targets(c)
	e.answerAll(c, ts)
	_, err := e.svc.Release(e.ctx, cm, c.ID, true)
	wantKind(t, err, apperr.Conflict, "release while running")
	_, err = e.svc.Close(e.ctx, cm, c.ID)
	must(t, err)
	secretary := e.actor("hb1_01")
	if _, _, err := e.svc.TargetDetail(e.ctx, secretary, c.ID, ts[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the target reads the result before release: %v", err)
	}
	_, err = e.svc.Release(e.ctx, cm, c.ID, true)
	must(t, err)
	_, d, err := e.svc.TargetDetail(e.ctx, secretary, c.ID, ts[0].ID)
	must(t, err)
	if d.Score == nil || d.FollowUp != nil {
		t.Errorf("own result: %+v", d)
	}
	for name, who := range map[string]string{"another target": "hb2_01", "a respondent": "hb1_02", "a learner of 华南": "hnyx_01"} {
		if _, _, err := e.svc.TargetDetail(e.ctx, e.actor(who), c.ID, ts[0].ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s reads the first secretary's result: %v", name, err)
		}
	}
	if _, err := e.svc.Results(e.ctx, secretary, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a target reads the whole ranking: %v", err)
	}
	if _, err := e.svc.Results(e.ctx, e.southCommittee(), c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("华南's committee reads 华北's results: %v", err)
	}
	_, todo, err := e.svc.MyAssignments(e.ctx, secretary)
	must(t, err)
	if len(todo) != 1 || todo[0].TargetID != ts[0].ID {
		t.Errorf("the secretary's released results: %+v", todo)
	}
}

func TestFollowUp(t *testing.T) {
	e := newEnv(t)
	cm := e.actor("demo_committee")
	c := e.campaign(nil)
	ts := e.targets(c)
	_, err := e.svc.SaveFollowUp(e.ctx, cm, c.ID, ts[1].ID, FollowUp{Requirement: "整改"})
	wantKind(t, err, apperr.Conflict, "follow-up while running")
	_, err = e.svc.Close(e.ctx, cm, c.ID)
	must(t, err)
	_, err = e.svc.SaveFollowUp(e.ctx, cm, c.ID, ts[1].ID, FollowUp{})
	wantKind(t, err, apperr.Invalid, "empty follow-up")
	_, err = e.svc.SaveFollowUp(e.ctx, e.southCommittee(), c.ID, ts[1].ID, FollowUp{Requirement: "越权"})
	wantKind(t, err, apperr.NotFound, "华南's committee")
	_, err = e.svc.SaveFollowUp(e.ctx, cm, c.ID, ts[1].ID, FollowUp{Requirement: "加强学习", Progress: "已整改"})
	must(t, err)
	r, err := e.svc.Results(e.ctx, cm, c.ID)
	must(t, err)
	for _, x := range r.Targets {
		if x.ID == ts[1].ID && (x.FollowUp == nil || x.FollowUp.Progress != "已整改") {
			t.Errorf("follow-up: %+v", x.FollowUp)
		}
	}
}
