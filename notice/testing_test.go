package notice

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/course"
	"lms/internal/apperr"
	"lms/internal/testenv"
)

// env is a fresh database and bucket with a small tree:
//
//	集团 u1 ─ 甲党委 u1.u2 ─ 一支部 u1.u2.u3
//	        │              └ 二支部 u1.u2.u4
//	        └ 乙党委 u1.u5
//
// with a committee over 甲党委 and one over 乙党委, and learners in the
// branches. Reminders go under the real bell (course.Service).
type env struct {
	t     *testing.T
	ctx   context.Context
	pool  *pgxpool.Pool
	svc   *Service
	units map[string]int64 // name → id
	clock *testenv.Clock
	// committee of 甲党委, committee of 乙党委, learners of 一支部 (2),
	// 二支部 (1) and 乙党委 (1), a trainer of 二支部.
	committee, other, l1, l2, l3, outsider, trainer Viewer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	pool := testenv.DB(t)
	e := &env{t: t, ctx: context.Background(), pool: pool, svc: NewService(pool), units: map[string]int64{},
		clock: testenv.NewClock(time.Now())}
	e.svc.now, e.svc.Store = e.clock.Now, testenv.Store(t)
	crs := course.NewService(pool)
	t.Cleanup(crs.Close)
	e.svc.Notifier = crs
	e.unit("集团", "", "u1")
	e.unit("甲党委", "集团", "u1.u2")
	e.unit("一支部", "甲党委", "u1.u2.u3")
	e.unit("二支部", "甲党委", "u1.u2.u4")
	e.unit("乙党委", "集团", "u1.u5")
	e.committee = e.user("甲委员", "u1.u2", "committee")
	e.other = e.user("乙委员", "u1.u5", "committee")
	e.l1 = e.user("学员一", "u1.u2.u3", "learner")
	e.l2 = e.user("学员二", "u1.u2.u3", "learner")
	e.l3 = e.user("学员三", "u1.u2.u4", "learner")
	e.outsider = e.user("乙学员", "u1.u5", "learner")
	e.trainer = e.user("讲师", "u1.u2.u4", "trainer")
	return e
}

// unit makes a unit whose path is given (ids follow the labels only by
// name; paths are what the rules read).
func (e *env) unit(name, parent, path string) {
	var id int64
	must(e.t, e.pool.QueryRow(e.ctx, `INSERT INTO units (parent_id, name, path) VALUES (nullif($1, 0), $2, $3) RETURNING id`,
		e.units[parent], name, path).Scan(&id))
	e.units[name] = id
}

// user makes an account in the unit at path holding role (scoped to its
// own unit for committees) and describes it as the web layer would.
func (e *env) user(name, path, role string) Viewer {
	var id int64
	must(e.t, e.pool.QueryRow(e.ctx, `INSERT INTO users (username, display_name, unit_id)
		SELECT $1, $1, id FROM units WHERE path = $2 RETURNING id`, name, path).Scan(&id))
	_, err := e.pool.Exec(e.ctx, `INSERT INTO user_roles (user_id, role, unit_id)
		SELECT $1, $2, CASE WHEN $2 IN ('committee', 'admin') THEN id END FROM units WHERE path = $3`, id, role, path)
	must(e.t, err)
	v := Viewer{UserID: id, UnitPath: path, Roles: []string{role}}
	if role == "committee" {
		v.Scopes = []string{path}
	}
	return v
}

// publish makes and publishes a notice of the committee's.
func (e *env) publish(in Input) *View {
	e.t.Helper()
	if in.UnitID == 0 {
		in.UnitID = e.units["甲党委"]
	}
	n, err := e.svc.Create(e.ctx, e.committee, in)
	must(e.t, err)
	n, err = e.svc.Publish(e.ctx, e.committee, n.ID)
	must(e.t, err)
	return n
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantKind fails unless err is an apperr of kind.
func wantKind(t *testing.T, what string, err error, kind apperr.Kind) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != kind {
		t.Errorf("%s: got %v, want kind %d", what, err, kind)
	}
}

func (e *env) count(sql string, args ...any) int {
	e.t.Helper()
	var n int
	must(e.t, e.pool.QueryRow(e.ctx, sql, args...).Scan(&n))
	return n
}
