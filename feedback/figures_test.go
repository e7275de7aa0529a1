package feedback

import (
	"context"
	"strings"
	"testing"

	"lms/internal/apperr"
)

// A handler publishes an answer in their own words; the members of the
// unit's subtree read it, a member elsewhere does not; the committee's
// figures count it, by unit.
func TestPublicAnswerAndFigures(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	committee, learner := e.actor("demo_committee"), e.actor("demo_learner")
	mine := e.write(learner, "华北分公司党委", true, "希望增加线上党课。")
	e.write(learner, "第一党支部", false, "支部活动室漏雨。")
	id := e.idOf(committee, mine.Body)
	if _, err := e.svc.Publish(ctx, committee, id, PublicInput{Question: "问", Answer: "答"}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("published before the answer: %v", err)
	}
	_, err := e.svc.Accept(ctx, committee, id)
	must(t, err)
	e.clock.Set(monday.AddDate(0, 0, 2))
	_, err = e.svc.Reply(ctx, committee, id, "下月起每周三晚开设线上党课。")
	must(t, err)
	_, err = e.svc.Publish(ctx, committee, id, PublicInput{Question: "有党员建议增加线上党课。", Answer: "下月起每周三晚开设。"})
	must(t, err)
	_, err = e.svc.Rate(ctx, learner, mine.Ref, "basic")
	must(t, err)
	for user, want := range map[string]int{"hb1_01": 1, "hbj_01": 1, "demo_learner": 1, "hnyx_01": 0, "bgs_01": 0} {
		list, err := e.svc.PublicAnswers(ctx, e.actor(user))
		must(t, err)
		if len(list) != want {
			t.Errorf("%s sees %d public answers, want %d", user, len(list), want)
		}
		for _, p := range list {
			if strings.Contains(p.Question, mine.Body) {
				t.Errorf("the author's own words were published")
			}
		}
	}
	figs, err := e.svc.Figures(ctx, committee)
	must(t, err)
	if len(figs) != 2 {
		t.Fatalf("figures of %d units: %+v", len(figs), figs)
	}
	north := figs[0]
	if north.UnitName != "华北分公司党委" || north.Received != 1 || north.OnTime != 1 || north.AvgDays == nil ||
		*north.AvgDays != 2 || north.Basic != 1 || *north.Satisfaction() != 1 {
		t.Errorf("north: %+v", north)
	}
	if b := figs[1]; b.Received != 1 || b.Answered != 0 || b.AvgDays != nil || b.Satisfaction() != nil {
		t.Errorf("branch: %+v", b)
	}
	if _, err := e.svc.Figures(ctx, learner); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("a learner reads the figures: %v", err)
	}
}
