package appraisal

import (
	"testing"

	"lms/org"
)

func TestSeedDemo(t *testing.T) {
	e := newEnv(t)
	byName := func(u string) (*org.Actor, error) { return e.actor(u), nil }
	unitID := func(p string) (int64, error) { return e.unit(p), nil }
	must(t, e.svc.SeedDemo(e.ctx, byName, unitID))
	must(t, e.svc.SeedDemo(e.ctx, byName, unitID))
	cm := e.actor("demo_committee")
	list, err := e.svc.Campaigns(e.ctx, cm)
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("%d demo campaigns after two runs, want 2", len(list))
	}
	var past int64
	for _, c := range list {
		if c.Closed {
			past = c.ID
		}
	}
	talk, err := e.svc.TalkList(e.ctx, cm, past)
	must(t, err)
	if len(talk.Targets) != 1 || talk.Targets[0].UnitName != "第二党支部" {
		t.Errorf("demo 需约谈: %+v", talk.Targets)
	}
	todo, _, err := e.svc.MyAssignments(e.ctx, e.actor("demo_learner"))
	must(t, err)
	if len(todo) != 1 || todo[0].Answered {
		t.Errorf("demo_learner's todo: %+v", todo)
	}
}
