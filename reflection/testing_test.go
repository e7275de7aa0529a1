package reflection

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/testenv"
	"lms/org"
)

// env is a fresh database with a small organisation: the group u1 with
// two committees' subtrees, u1.u2 (a branch with a trainer and learners)
// and u1.u3 (another branch), and a course table standing for the course
// feature (the real one is joined in internal/app and the web tests).
type env struct {
	t        *testing.T
	pool     *pgxpool.Pool
	svc      *Service
	courses  *courseTable
	trainer  *org.Actor
	learners []*org.Actor
	approved []int64 // the courses OnApproved was called for, in order
	mu       sync.Mutex
}

// courseTable is the course feature as reflection sees it.
type courseTable struct {
	mu        sync.Mutex
	info      map[int64]CourseInfo
	enrolled  map[[2]int64]bool
	materials map[int64][]Material
}

func (c *courseTable) Info(_ context.Context, ids []int64) (map[int64]CourseInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[int64]CourseInfo{}
	for _, id := range ids {
		if ci, ok := c.info[id]; ok {
			out[id] = ci
		}
	}
	return out, nil
}

func (c *courseTable) Enrollment(_ context.Context, userID, courseID int64) (bool, *time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	due := time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC)
	return c.enrolled[[2]int64{userID, courseID}], &due, nil
}

func (c *courseTable) Enrolled(_ context.Context, userID int64, ids []int64) (map[int64]bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = c.enrolled[[2]int64{userID, id}]
	}
	return out, nil
}

func (c *courseTable) Materials(_ context.Context, id int64) ([]Material, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.materials[id], nil
}

func newEnv(t *testing.T, learners int) *env {
	t.Helper()
	pool := testenv.DB(t)
	ctx := context.Background()
	e := &env{t: t, pool: pool, svc: NewService(pool), courses: &courseTable{info: map[int64]CourseInfo{},
		enrolled: map[[2]int64]bool{}, materials: map[int64][]Material{}}}
	e.svc.Courses = e.courses
	e.svc.OnApproved = func(_ context.Context, _ pgx.Tx, _, courseID int64) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.approved = append(e.approved, courseID)
		return nil
	}
	root := e.unit(ctx, 0, "集团", "u1")
	branch := e.unit(ctx, root, "第一支部", "u1.u2")
	e.unit(ctx, root, "第二支部", "u1.u3")
	e.trainer = e.actor(ctx, "trainer", branch, "u1.u2", org.Grant{Role: org.RoleTrainer})
	for i := range learners {
		e.learners = append(e.learners, e.actor(ctx, "learner"+string(rune('a'+i)), branch, "u1.u2"))
	}
	return e
}

func (e *env) unit(ctx context.Context, parent int64, name, path string) int64 {
	var id int64
	var p *int64
	if parent != 0 {
		p = &parent
	}
	must(e.t, e.pool.QueryRow(ctx, `INSERT INTO units (parent_id, name, path) VALUES ($1, $2, $3) RETURNING id`,
		p, name, path).Scan(&id))
	return id
}

// actor makes a user of the unit and returns them as the web layer would.
func (e *env) actor(ctx context.Context, name string, unit int64, path string, grants ...org.Grant) *org.Actor {
	var id int64
	must(e.t, e.pool.QueryRow(ctx, `INSERT INTO users (username, display_name, unit_id) VALUES ($1, $1, $2) RETURNING id`,
		name, unit).Scan(&id))
	return &org.Actor{UserID: id, Username: name, DisplayName: name, UnitID: unit, UnitPath: path,
		Grants: append([]org.Grant{{Role: org.RoleLearner}}, grants...)}
}

// course makes id a course of the branch taught by the trainer, with the
// learners enrolled and a rule of minChars.
func (e *env) course(id int64, minChars int) {
	e.courses.mu.Lock()
	e.courses.info[id] = CourseInfo{Title: "新时代党员教育管理专题", UnitPath: "u1.u2", Teachers: []int64{e.trainer.UserID}}
	for _, l := range e.learners {
		e.courses.enrolled[[2]int64{l.UserID, id}] = true
	}
	e.courses.mu.Unlock()
	if minChars > 0 {
		_, err := e.svc.SetRule(context.Background(), e.trainer, id, RuleInput{Required: true, MinChars: minChars})
		must(e.t, err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func text(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	must(t, err)
	return strings.TrimSpace(string(b))
}

// sentences cuts a text after each 。！？ (and at paragraph ends).
func sentences(s string) []string {
	var out []string
	var cur []rune
	for _, r := range s {
		if r == '\n' {
			continue
		}
		cur = append(cur, r)
		if r == '。' || r == '！' || r == '？' {
			out = append(out, string(cur))
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// lightCopy takes every other sentence of src, changes two characters in
// each and puts them in reverse order: what a learner does to hide a copy.
func lightCopy(src string) []string {
	var out []string
	for i, s := range sentences(src) {
		if i%2 != 0 {
			continue
		}
		r := []rune(s)
		for _, at := range []int{len(r) / 3, 2 * len(r) / 3} {
			if kept(r[at]) {
				r[at] = '另'
			}
		}
		out = append([]string{string(r)}, out...)
	}
	return out
}
