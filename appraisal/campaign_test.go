package appraisal

import (
	"testing"
	"time"

	"lms/internal/apperr"
)

func TestCreateCampaignTargetsAndRespondents(t *testing.T) {
	e := newEnv(t)
	c := e.campaign(nil)
	ts := e.targets(c)
	if len(ts) != 3 || ts[0].Name == "" || ts[0].UserID == nil {
		t.Fatalf("targets: %+v", ts)
	}
	// 第一党支部 has demo_learner and hb1_01…06: six besides the secretary.
	if n := e.count(`SELECT count(*) FROM appraisal_respondents WHERE target_id = $1`, ts[0].ID); n != 6 {
		t.Errorf("respondents of the first secretary: %d, want 6", n)
	}
	if n := e.count(`SELECT count(*) FROM appraisal_respondents WHERE target_id = $1 AND user_id = $2`,
		ts[0].ID, e.userID("hb1_01")); n != 0 {
		t.Error("a secretary rates themself")
	}
	p, err := e.svc.Progress(e.ctx, e.actor("demo_committee"), c.ID)
	must(t, err)
	if p.Asked != 16 || p.Answered != 0 || len(p.ByUnit) != 3 {
		t.Errorf("progress: asked %d answered %d units %d", p.Asked, p.Answered, len(p.ByUnit))
	}
}

func TestCreateCampaignChosenRespondentsAndUnitTarget(t *testing.T) {
	e := newEnv(t)
	c := e.campaign(func(in *CampaignInput) {
		in.Targets = []TargetInput{{UnitID: e.unit(office), RespondentUnits: []int64{e.unit(office), e.unit(second)},
			RespondentUsers: []int64{e.userID("demo_learner")}}}
	})
	ts := e.targets(c)
	if ts[0].UserID != nil || ts[0].Name != "机关党支部" {
		t.Fatalf("unit target: %+v", ts[0])
	}
	if n := e.count(`SELECT count(*) FROM appraisal_respondents WHERE target_id = $1`, ts[0].ID); n != 13 {
		t.Errorf("respondents: %d, want 6 + 6 + 1", n)
	}
}

// A committee cannot reach outside its subtree, in any part of the input,
// and nothing is written when it tries.
func TestCreateCampaignOutsideSubtree(t *testing.T) {
	e := newEnv(t)
	cm := e.actor("demo_committee")
	base := func() CampaignInput {
		return CampaignInput{Title: "评议", UnitID: e.unit(north), OpensAt: time.Now(), ClosesAt: time.Now().Add(time.Hour),
			Targets: []TargetInput{{UserID: e.userID("hb1_01")}}}
	}
	cases := map[string]func(*CampaignInput){
		"campaign over 华南":   func(in *CampaignInput) { in.UnitID = e.unit(south) },
		"target in 华南":       func(in *CampaignInput) { in.Targets[0].UserID = e.userID("hnyx_01") },
		"unit target in 华南":  func(in *CampaignInput) { in.Targets[0] = TargetInput{UnitID: e.unit(south + "/营销党支部")} },
		"respondents of 华南":  func(in *CampaignInput) { in.Targets[0].RespondentUnits = []int64{e.unit(south + "/营销党支部")} },
		"respondent from 华南": func(in *CampaignInput) { in.Targets[0].RespondentUsers = []int64{e.userID("hnyx_02")} },
		"whole group":        func(in *CampaignInput) { in.UnitID = e.unit("示范能源集团") },
	}
	for name, mod := range cases {
		in := base()
		mod(&in)
		_, err := e.svc.CreateCampaign(e.ctx, cm, in)
		wantKind(t, err, apperr.Forbidden, name)
	}
	_, err := e.svc.CreateCampaign(e.ctx, e.actor("demo_learner"), base())
	wantKind(t, err, apperr.Forbidden, "a learner")
	if n := e.count(`SELECT count(*) FROM appraisal_campaigns`); n != 0 {
		t.Errorf("%d campaigns written", n)
	}
}

func TestCreateCampaignBadInput(t *testing.T) {
	e := newEnv(t)
	cm := e.actor("demo_committee")
	cases := map[string]func(*CampaignInput){
		"weights 90": func(in *CampaignInput) {
			f := DefaultForm()
			f.Indicators[0].Weight = 20
			in.Form = &f
		},
		"one step": func(in *CampaignInput) {
			f := DefaultForm()
			f.Scale = f.Scale[:1]
			in.Form = &f
		},
		"no title":     func(in *CampaignInput) { in.Title = " " },
		"closes first": func(in *CampaignInput) { in.ClosesAt = in.OpensAt.Add(-time.Hour) },
		"closed already": func(in *CampaignInput) {
			in.OpensAt, in.ClosesAt = time.Now().Add(-2*time.Hour), time.Now().Add(-time.Hour)
		},
		"no targets":     func(in *CampaignInput) { in.Targets = nil },
		"threshold 200%": func(in *CampaignInput) { x := 2.0; in.TalkDissatisfied = &x },
	}
	for name, mod := range cases {
		in := CampaignInput{Title: "评议", UnitID: e.unit(north), OpensAt: time.Now(), ClosesAt: time.Now().Add(time.Hour),
			Targets: []TargetInput{{UserID: e.userID("hb1_01")}}}
		mod(&in)
		_, err := e.svc.CreateCampaign(e.ctx, cm, in)
		wantKind(t, err, apperr.Invalid, name)
	}
	if n := e.count(`SELECT count(*) FROM appraisal_campaigns`); n != 0 {
		t.Errorf("%d campaigns written", n)
	}
}

func TestTemplatesKeptAndScoped(t *testing.T) {
	e := newEnv(t)
	cm := e.actor("demo_committee")
	f := DefaultForm()
	f.Indicators = []Indicator{{"组织力", 50}, {"凝聚力", 50}}
	tpl, err := e.svc.SaveTemplate(e.ctx, cm, TemplateInput{Name: "党组织评议", UnitID: e.unit(north), Form: f})
	must(t, err)
	c := e.campaign(func(in *CampaignInput) { in.TemplateID = tpl.ID })
	if len(c.Form.Indicators) != 2 || c.Form.Indicators[0].Name != "组织力" {
		t.Errorf("form from the template: %+v", c.Form)
	}
	// Another subtree's committee neither lists nor uses it.
	if _, err := e.svc.Template(e.ctx, e.southCommittee(), tpl.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("华南's committee reads 华北's template: %v", err)
	}
	_, err = e.svc.SaveTemplate(e.ctx, cm, TemplateInput{Name: "越权", UnitID: e.unit("示范能源集团"), Form: f})
	wantKind(t, err, apperr.Forbidden, "template at the group")
	bad := f
	bad.Indicators = []Indicator{{"组织力", 50}}
	_, err = e.svc.SaveTemplate(e.ctx, cm, TemplateInput{Name: "坏模板", UnitID: e.unit(north), Form: bad})
	wantKind(t, err, apperr.Invalid, "template weights 50")
	list, err := e.svc.Templates(e.ctx, e.actor("demo_learner"))
	must(t, err)
	if len(list) != 1 {
		t.Errorf("a learner sees %d templates, want the built-in one", len(list))
	}
}
