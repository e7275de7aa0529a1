package appraisal

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/apperr"
	"lms/internal/testenv"
	"lms/org"
)

// env is the demo organisation over a fresh database: demo_committee runs
// 华北分公司党委 (第一党支部 has demo_learner and hb1_01…06, 第二党支部
// hb2_01…06, 机关党支部 hbj_01…06); 营销党支部 of 华南 is another subtree.
type env struct {
	t     *testing.T
	ctx   context.Context
	pool  *pgxpool.Pool
	org   *org.Service
	svc   *Service
	clock *testenv.Clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	t.Parallel()
	pool := testenv.DB(t)
	orgs := org.NewService(pool)
	ctx := context.Background()
	if _, err := orgs.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, pool: pool, org: orgs, svc: NewService(pool, orgs), clock: testenv.NewClock(time.Now())}
	e.svc.now = e.clock.Now
	return e
}

const (
	north  = "示范能源集团/华北分公司党委"
	first  = north + "/生产党总支/第一党支部"
	second = north + "/生产党总支/第二党支部"
	office = north + "/机关党支部"
	south  = "示范能源集团/华南分公司党委"
)

func (e *env) unit(path string) int64 {
	e.t.Helper()
	id, err := e.org.UnitIDByPath(e.ctx, path)
	must(e.t, err)
	return id
}

func (e *env) actor(username string) *org.Actor {
	e.t.Helper()
	u, err := e.org.UserByUsername(e.ctx, username)
	must(e.t, err)
	a, err := e.org.Actor(e.ctx, u.ID)
	must(e.t, err)
	return a
}

func (e *env) userID(username string) int64 { return e.actor(username).UserID }

// campaign has the committee appraise the secretaries hb1_01, hb2_01 and
// hbj_01, each by the rest of their branch, open for a week from now.
func (e *env) campaign(mod func(*CampaignInput)) *Campaign {
	e.t.Helper()
	in := CampaignInput{Title: "2026 年度党支部书记述职评议", UnitID: e.unit(north),
		OpensAt: e.clock.Now().Add(-time.Minute), ClosesAt: e.clock.Now().Add(7 * 24 * time.Hour),
		Targets: []TargetInput{{UserID: e.userID("hb1_01")}, {UserID: e.userID("hb2_01")}, {UserID: e.userID("hbj_01")}}}
	if mod != nil {
		mod(&in)
	}
	c, err := e.svc.CreateCampaign(e.ctx, e.actor("demo_committee"), in)
	must(e.t, err)
	return c
}

func (e *env) targets(c *Campaign) []Target {
	ts, err := e.svc.Targets(e.ctx, e.actor("demo_committee"), c.ID)
	must(e.t, err)
	return ts
}

func (e *env) count(sql string, args ...any) int {
	e.t.Helper()
	var n int
	must(e.t, e.pool.QueryRow(e.ctx, sql, args...).Scan(&n))
	return n
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantKind fails unless err is of kind and its message is Chinese.
func wantKind(t *testing.T, err error, kind apperr.Kind, what string) {
	t.Helper()
	var ae *apperr.Error
	if !apperr.Is(err, kind) || !asAppErr(err, &ae) {
		t.Fatalf("%s: want error kind %d, got %v", what, kind, err)
	}
	if !hasHan(ae.Message) {
		t.Errorf("%s: message not in Chinese: %q", what, ae.Message)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func asAppErr(err error, out **apperr.Error) bool { return errors.As(err, out) }

// southCommittee is a committee of 华南分公司党委, another subtree.
func (e *env) southCommittee() *org.Actor {
	e.t.Helper()
	u, err := e.org.CreateUser(e.ctx, org.System(), org.UserInput{Username: "hn_committee", DisplayName: "华南组织",
		UnitID: e.unit(south), Password: org.DemoPassword,
		Roles: []org.Grant{{Role: org.RoleLearner}, {Role: org.RoleCommittee, ScopeUnitID: e.unit(south)}}})
	must(e.t, err)
	a, err := e.org.Actor(e.ctx, u.ID)
	must(e.t, err)
	return a
}
