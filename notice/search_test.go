package notice

import (
	"context"
	"testing"

	"lms/search"
)

// Notices are found like study materials, and only by their audience: a
// learner of the addressed branch finds one, a learner elsewhere and a
// learner without the chosen role do not, and a withdrawn one is gone.
func TestNoticeSearchByAudience(t *testing.T) {
	e := newEnv(t)
	idx, err := search.NewBleveMemory()
	must(t, err)
	srch := search.NewService(e.pool, idx)
	must(t, srch.Register(Source{S: e.svc}))
	viewers := map[int64]Viewer{}
	for _, v := range []Viewer{e.l1, e.l3, e.outsider, e.trainer, e.committee} {
		viewers[v.UserID] = v
	}
	srch.AddAudience(func(_ context.Context, v search.Viewer) ([]string, error) {
		return AudienceTokens(viewers[v.UserID]), nil
	})
	branch := e.publish(Input{Title: "关于冬训学习安排的通知", BodyHTML: "<p>请各支部组织<b>专题学习</b></p>",
		UnitIDs: []int64{e.units["一支部"]}})
	trainers := e.publish(Input{Title: "讲师集体备课安排", Roles: []string{"trainer"}})
	must(t, srch.IndexEntity(e.ctx, "notice", branch.ID))
	must(t, srch.IndexEntity(e.ctx, "notice", trainers.ID))
	finds := func(v Viewer, q string) bool {
		t.Helper()
		r, err := srch.Search(e.ctx, search.Viewer{UserID: v.UserID}, search.Query{Text: q, Kinds: []string{search.KindNotice}})
		must(t, err)
		return r.Total > 0
	}
	for _, c := range []struct {
		who  string
		v    Viewer
		q    string
		want bool
	}{
		{"一支部 learner, title", e.l1, "冬训", true},
		{"一支部 learner, body", e.l1, "专题学习", true},
		{"二支部 learner", e.l3, "冬训", false},
		{"乙党委 learner", e.outsider, "冬训", false},
		{"二支部 trainer", e.trainer, "备课", true},
		{"一支部 learner, trainers' notice", e.l1, "备课", false},
		{"the committee above, not a trainer", e.committee, "备课", false},
	} {
		if got := finds(c.v, c.q); got != c.want {
			t.Errorf("%s finds %q: %v, want %v", c.who, c.q, got, c.want)
		}
	}
	_, err = e.svc.Withdraw(e.ctx, e.committee, branch.ID)
	must(t, err)
	must(t, srch.IndexEntity(e.ctx, "notice", branch.ID))
	if finds(e.l1, "冬训") {
		t.Error("a withdrawn notice is still found")
	}
}
