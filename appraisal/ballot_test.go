package appraisal

import (
	"fmt"
	"testing"
	"time"

	"lms/internal/apperr"
)

func (e *env) submit(username string, c *Campaign, tg Target, b BallotInput) error {
	return e.svc.Submit(e.ctx, e.actor(username), c.ID, tg.ID, b)
}

func ballots(e *env) int { return e.count(`SELECT count(*) FROM appraisal_ballots`) }

func answered(e *env) int {
	return e.count(`SELECT count(*) FROM appraisal_respondents WHERE answered`)
}

// Each refusal is a clear Chinese error and leaves both tables as they were.
func TestSubmitRefusals(t *testing.T) {
	e := newEnv(t)
	c := e.campaign(nil)
	ts := e.targets(c)
	good := BallotInput{Steps: []int{0, 1, 2}, Grade: 0, Comment: "好"}
	must(t, e.submit("hb1_02", c, ts[0], good))
	cases := []struct {
		name, user string
		target     Target
		b          BallotInput
		kind       apperr.Kind
	}{
		{"second ballot", "hb1_02", ts[0], good, apperr.Conflict},
		{"not a respondent (other branch)", "hb2_02", ts[0], good, apperr.NotFound},
		{"the target themself", "hb1_01", ts[0], good, apperr.NotFound},
		{"outsider of 华南", "hnyx_01", ts[0], good, apperr.NotFound},
		{"missing indicator", "hb1_03", ts[0], BallotInput{Steps: []int{0, 1}, Grade: 0}, apperr.Invalid},
		{"step out of scale", "hb1_03", ts[0], BallotInput{Steps: []int{0, 1, 4}, Grade: 0}, apperr.Invalid},
		{"negative step", "hb1_03", ts[0], BallotInput{Steps: []int{0, -1, 1}, Grade: 0}, apperr.Invalid},
		{"no grade", "hb1_03", ts[0], BallotInput{Steps: []int{0, 1, 2}, Grade: 3}, apperr.Invalid},
	}
	for _, tc := range cases {
		wantKind(t, e.submit(tc.user, c, tc.target, tc.b), tc.kind, tc.name)
	}
	if ballots(e) != 1 || answered(e) != 1 {
		t.Errorf("after refusals: %d ballots, %d answered records, want 1 and 1", ballots(e), answered(e))
	}
	e.clock.Add(8 * 24 * time.Hour)
	wantKind(t, e.submit("hb1_03", c, ts[0], good), apperr.Conflict, "after close")
	if ballots(e) != 1 || answered(e) != 1 {
		t.Errorf("after close: %d ballots, %d answered", ballots(e), answered(e))
	}
}

func TestSubmitAfterEarlyClose(t *testing.T) {
	e := newEnv(t)
	c := e.campaign(nil)
	ts := e.targets(c)
	_, err := e.svc.Close(e.ctx, e.actor("demo_committee"), c.ID)
	must(t, err)
	wantKind(t, e.submit("hb1_02", c, ts[0], BallotInput{Steps: []int{0, 0, 0}}), apperr.Conflict, "closed early")
	_, err = e.svc.Close(e.ctx, e.actor("demo_committee"), c.ID)
	wantKind(t, err, apperr.Conflict, "closed twice")
	if ballots(e) != 0 || answered(e) != 0 {
		t.Error("a ballot was written after close")
	}
}

// Two submissions of the same respondent at the same moment: one ballot.
func TestSubmitRace(t *testing.T) {
	e := newEnv(t)
	c := e.campaign(nil)
	ts := e.targets(c)
	a := e.actor("hb1_02")
	errs := make(chan error, 8)
	for range 8 {
		go func() { errs <- e.svc.Submit(e.ctx, a, c.ID, ts[0].ID, BallotInput{Steps: []int{0, 0, 0}}) }()
	}
	ok := 0
	for range 8 {
		if err := <-errs; err == nil {
			ok++
		} else if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("race: %v", err)
		}
	}
	if ok != 1 || ballots(e) != 1 {
		t.Errorf("%d accepted, %d ballots; want one", ok, ballots(e))
	}
}

// The ballots table has no column that could name a respondent or a
// moment; ids are random; after close the stored order is not the order
// of submission.
func TestBallotsCarryNoLink(t *testing.T) {
	e := newEnv(t)
	cols := map[string]string{}
	rows, err := e.pool.Query(e.ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_name = 'appraisal_ballots'`)
	must(t, err)
	for rows.Next() {
		var n, ty string
		must(t, rows.Scan(&n, &ty))
		cols[n] = ty
	}
	want := map[string]bool{"id": true, "campaign_id": true, "target_id": true, "steps": true, "points": true,
		"score": true, "grade": true, "comment": true}
	for n, ty := range cols {
		if !want[n] || ty == "timestamp with time zone" || ty == "date" {
			t.Errorf("ballots have column %s (%s)", n, ty)
		}
	}
	if cols["id"] != "uuid" {
		t.Errorf("ballot id is %s, want a random uuid", cols["id"])
	}
	shared := e.count(`SELECT count(*) FROM information_schema.columns r JOIN information_schema.columns b
		ON b.column_name = r.column_name WHERE r.table_name = 'appraisal_respondents' AND b.table_name = 'appraisal_ballots'
		AND r.column_name NOT IN ('campaign_id', 'target_id')`)
	if shared != 0 {
		t.Errorf("%d columns shared between respondents and ballots beyond campaign and target", shared)
	}
	c := e.campaign(func(in *CampaignInput) {
		in.Targets = []TargetInput{{UnitID: e.unit(north), RespondentUnits: []int64{e.unit(first), e.unit(second), e.unit(office)}}}
	})
	tg := e.targets(c)[0]
	var order []string
	for _, u := range []string{"demo_learner", "hb1_01", "hb1_02", "hb1_03", "hb1_04", "hb1_05", "hb1_06",
		"hb2_01", "hb2_02", "hb2_03", "hb2_04", "hb2_05", "hb2_06", "hbj_01", "hbj_02", "hbj_03"} {
		must(t, e.submit(u, c, tg, BallotInput{Steps: []int{0, 0, 0}, Comment: "意见" + u}))
		order = append(order, "意见"+u)
	}
	idsBefore := e.count(`SELECT count(*) FROM appraisal_ballots`)
	var before []string
	must(t, e.pool.QueryRow(e.ctx, `SELECT array_agg(id::text) FROM appraisal_ballots`).Scan(&before))
	_, err = e.svc.Close(e.ctx, e.actor("demo_committee"), c.ID)
	must(t, err)
	var stored []string
	must(t, e.pool.QueryRow(e.ctx, `SELECT array_agg(comment ORDER BY ctid) FROM appraisal_ballots`).Scan(&stored))
	if fmt.Sprint(stored) == fmt.Sprint(order) || len(stored) != idsBefore {
		t.Errorf("stored order after close is the order of submission: %v", stored)
	}
	if n := e.count(`SELECT count(*) FROM appraisal_ballots WHERE id::text = ANY($1)`, before); n != 0 {
		t.Errorf("%d ballot ids survived the close", n)
	}
	if x := e.count(`SELECT count(DISTINCT xmin::text) FROM appraisal_ballots`); x != 1 {
		t.Errorf("ballots still carry %d writing transactions", x)
	}
}
