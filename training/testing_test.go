package training

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/course"
	"lms/internal/testenv"
	"lms/org"
	"lms/report"
)

// env is a fresh database with a small organisation: the group u1, its
// branches A (u1.u2) and B (u1.u3), a committee member of each, and
// learners in A. The ledger is the real course feature's.
type env struct {
	t         *testing.T
	ctx       context.Context
	pool      *pgxpool.Pool
	svc       *Service
	org       *org.Service
	course    *course.Service
	clock     *testenv.Clock
	units     map[string]int64 // "A", "B", "root"
	committee *org.Actor       // of A
	otherCom  *org.Actor       // of B
	learners  []*org.Actor     // of A
	outsider  *org.Actor       // a learner of B
	courses   *courseTable
	report    *report.Service
}

// courseTable is the course feature as a class sees it, over real course
// rows: what they are, and whom a class enrolled.
type courseTable struct {
	pool *pgxpool.Pool
	mu   sync.Mutex
	enr  map[int64][]int64
}

func (c *courseTable) CourseInfo(ctx context.Context, ids []int64) (map[int64]CourseInfo, error) {
	rows, _ := c.pool.Query(ctx, `SELECT id, title, hours::float8 AS hours, state = 'published' AS published
		FROM courses WHERE id = ANY($1)`, ids)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[CourseInfo])
	out := map[int64]CourseInfo{}
	for _, ci := range list {
		out[ci.ID] = ci
	}
	return out, err
}

func (c *courseTable) Enrol(_ context.Context, courseID int64, userIDs []int64, _ bool, _ time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enr[courseID] = append(c.enr[courseID], userIDs...)
	return nil
}

// ledger joins the class to the course feature's ledger as internal/app does.
type ledger struct{ c *course.Service }

func (l ledger) CreditOther(ctx context.Context, tx pgx.Tx, entries []Credit) (int64, error) {
	out := make([]course.OtherCredit, len(entries))
	for i, e := range entries {
		out[i] = course.OtherCredit(e)
	}
	return l.c.CreditOther(ctx, tx, out)
}

func (l ledger) CreditedFor(ctx context.Context, tx pgx.Tx, users, courses []int64) (map[int64]float64, error) {
	return l.c.CreditedFor(ctx, tx, users, courses)
}

func (l ledger) UncreditOther(ctx context.Context, tx pgx.Tx, userID int64, kind string, refID int64) error {
	return l.c.UncreditOther(ctx, tx, userID, kind, refID)
}

type people struct{ o *org.Service }

func (p people) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	return p.o.DisplayNames(ctx, ids)
}

func newEnv(t *testing.T, learners int) *env {
	t.Helper()
	pool := testenv.DB(t)
	e := &env{t: t, ctx: context.Background(), pool: pool, svc: NewService(pool), org: org.NewService(pool),
		course: course.NewService(pool), clock: testenv.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)),
		units: map[string]int64{}, courses: &courseTable{pool: pool, enr: map[int64][]int64{}}}
	t.Cleanup(e.course.Close)
	e.report = report.NewService(pool)
	e.course.Reporter = e.report // as internal/app wires it: offline credit moves the report's sums
	e.svc.now, e.svc.Courses, e.svc.Ledger, e.svc.People = e.clock.Now, e.courses, ledger{e.course}, people{e.org}
	e.svc.Secret = []byte("0123456789abcdef0123456789abcdef")
	e.svc.Store = testenv.Store(t)
	e.units["root"] = e.unit("集团", 0, "u1")
	e.units["A"] = e.unit("甲支部", e.units["root"], "")
	e.units["B"] = e.unit("乙支部", e.units["root"], "")
	// The committees sit in the group's office, so they are in no branch's class.
	e.committee = e.scoped(e.actor("com_a", "root", ""), org.RoleCommittee, "A")
	e.otherCom = e.scoped(e.actor("com_b", "root", ""), org.RoleCommittee, "B")
	e.outsider = e.actor("learner_b", "B", "")
	for i := range learners {
		e.learners = append(e.learners, e.actor(fmt.Sprintf("learner_a%d", i), "A", ""))
	}
	return e
}

func (e *env) unit(name string, parent int64, path string) int64 {
	var id int64
	if parent == 0 {
		must(e.t, e.pool.QueryRow(e.ctx, `INSERT INTO units (name, path) VALUES ($1, $2) RETURNING id`, name, path).Scan(&id))
		return id
	}
	must(e.t, e.pool.QueryRow(e.ctx, `INSERT INTO units (parent_id, name, path)
		SELECT $1, $2, path || ('u' || currval('units_id_seq'))::ltree FROM units WHERE id = $1 RETURNING id`,
		parent, name).Scan(&id))
	return id
}

func (e *env) pathOf(unit string) string {
	var p string
	must(e.t, e.pool.QueryRow(e.ctx, `SELECT path::text FROM units WHERE id = $1`, e.units[unit]).Scan(&p))
	return p
}

// actor makes a user of unit; a scoped role covers that unit's subtree.
func (e *env) actor(username, unit string, role org.Role) *org.Actor {
	var id int64
	must(e.t, e.pool.QueryRow(e.ctx, `INSERT INTO users (username, display_name, unit_id) VALUES ($1, $2, $3) RETURNING id`,
		username, "姓名"+username, e.units[unit]).Scan(&id))
	a := &org.Actor{UserID: id, Username: username, DisplayName: "姓名" + username, UnitID: e.units[unit], UnitPath: e.pathOf(unit)}
	if role != "" {
		a.Grants = []org.Grant{{Role: role, ScopeUnitID: e.units[unit], ScopePath: a.UnitPath}}
	}
	return a
}

// scoped gives a a role over unit's subtree.
func (e *env) scoped(a *org.Actor, role org.Role, unit string) *org.Actor {
	_, err := e.pool.Exec(e.ctx, `INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, $2, $3)`, a.UserID, role, e.units[unit])
	must(e.t, err)
	a.Grants = append(a.Grants, org.Grant{Role: role, ScopeUnitID: e.units[unit], ScopePath: e.pathOf(unit)})
	return a
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// class makes a class of A run by its committee.
func (e *env) class(mod func(*ClassInput)) *Class {
	e.t.Helper()
	in := ClassInput{UnitID: e.units["A"], Name: "党支部书记专题培训班", Kind: "专题培训", Organiser: "甲支部党委",
		StartsOn: "2026-03-01", EndsOn: "2026-03-05", Hours: 12, MinAttendance: 100}
	if mod != nil {
		mod(&in)
	}
	c, err := e.svc.CreateClass(e.ctx, e.committee, e.org, in)
	must(e.t, err)
	return c
}

// session adds a lecture on 2 March 09:00–11:00.
func (e *env) session(classID int64) *Session {
	e.t.Helper()
	ss, err := e.svc.AddSession(e.ctx, e.committee, classID, SessionInput{Kind: "lecture", Title: "专题讲座",
		StartsAt: "2026-03-02T09:00", EndsAt: "2026-03-02T11:00", Place: "党校报告厅", Hours: 2})
	must(e.t, err)
	return ss
}

func (e *env) ids(list []*org.Actor) []int64 {
	var out []int64
	for _, a := range list {
		out = append(out, a.UserID)
	}
	return out
}

// ledgerHours is what the ledger holds for a person of a kind.
func (e *env) ledgerHours(userID int64, kind string) (int, float64) {
	var n int
	var h float64
	must(e.t, e.pool.QueryRow(e.ctx, `SELECT count(*), coalesce(sum(hours), 0)::float8 FROM credit_ledger
		WHERE user_id = $1 AND kind = $2`, userID, kind).Scan(&n, &h))
	return n, h
}

// code is the check-in code's window and token as the screen shows them.
func (e *env) code(sessionID int64) (int64, string) {
	e.t.Helper()
	c, err := e.svc.CheckinCode(e.ctx, e.committee, sessionID)
	must(e.t, err)
	u, err := url.Parse(c.Path)
	must(e.t, err)
	w, err := strconv.ParseInt(u.Query().Get("w"), 10, 64)
	must(e.t, err)
	return w, u.Query().Get("t")
}

// reportAgrees fails the test if the report's per-person figures differ
// from the ledger. Only report_person_year is compared: this env makes
// units and accounts behind org's back, so head counts are not kept.
func (e *env) reportAgrees() {
	e.t.Helper()
	diff, err := e.report.Verify(e.ctx)
	must(e.t, err)
	if diff["report_person_year"] != 0 {
		e.t.Errorf("report's person figures differ from the ledger: %v", diff)
	}
}
