package notice

import "testing"

// The demo notices are added once: a second seed changes nothing.
func TestNoticeSeedDemoOnce(t *testing.T) {
	e := newEnv(t)
	units := map[string]int64{"north": e.units["甲党委"], "first": e.units["一支部"]}
	added, err := e.svc.SeedDemo(e.ctx, e.committee, units)
	must(t, err)
	again, err := e.svc.SeedDemo(e.ctx, e.committee, units)
	must(t, err)
	if len(added) != len(demoNotices) || len(again) != 0 {
		t.Errorf("added %d then %d", len(added), len(again))
	}
	list, _, err := e.svc.Mine(e.ctx, e.l1, 1)
	must(t, err)
	if len(list) != 2 || !list[0].Pinned || !list[0].MustRead {
		t.Errorf("a learner of 一支部 sees %+v", list)
	}
}
