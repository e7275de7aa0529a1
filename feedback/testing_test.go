package feedback

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/testenv"
	"lms/org"
)

// env is a fresh database with the demo organisation, the feedback
// service over it and the real object store, a clock the test moves, and
// the notifications the service sent.
type env struct {
	t     *testing.T
	pool  *pgxpool.Pool
	org   *org.Service
	svc   *Service
	clock *testenv.Clock
	told  *told
}

// told records the notifications, as the course feature would show them
// under each person's bell.
type told struct {
	mu  sync.Mutex
	got map[int64][]string
}

func (n *told) Notify(_ context.Context, _ pgx.Tx, userID int64, title, link string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.got[userID] = append(n.got[userID], title+" "+link)
	return nil
}

// monday is 10:00 China time on Monday 7 December 2026.
var monday = time.Date(2026, 12, 7, 10, 0, 0, 0, chinaTime)

func newEnv(t *testing.T) *env {
	t.Helper()
	pool := testenv.DB(t)
	orgs := org.NewService(pool)
	if _, err := orgs.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, pool: pool, org: orgs, svc: NewService(pool, testenv.Store(t), []byte(strings.Repeat("s", 32))),
		clock: testenv.NewClock(monday), told: &told{got: map[int64][]string{}}}
	e.svc.SetClock(e.clock.Now)
	e.svc.Notify = e.told
	e.svc.Handlers = handlersOf{orgs}
	return e
}

// handlersOf is org as internal/app joins it to feedback.
type handlersOf struct{ org *org.Service }

func (h handlersOf) HandlersOf(ctx context.Context, unitID int64) ([]int64, error) {
	return h.org.ScopeHolders(ctx, unitID, org.RoleCommittee, org.RoleAdmin)
}

// actor signs in a demo account as the web layer would see it.
func (e *env) actor(username string) *org.Actor {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.org.UserByUsername(ctx, username)
	must(e.t, err)
	a, err := e.org.Actor(ctx, u.ID)
	must(e.t, err)
	return a
}

// newActor makes an account in a demo unit, with a scoped role over
// another demo unit when role is not the learner's.
func (e *env) newActor(username, unit string, role org.Role, scope string) *org.Actor {
	e.t.Helper()
	in := org.UserInput{Username: username, DisplayName: username + "名", UnitID: e.unitID(unit),
		Password: org.DemoPassword, Roles: []org.Grant{{Role: org.RoleLearner}}}
	if role != org.RoleLearner {
		in.Roles = append(in.Roles, org.Grant{Role: role, ScopeUnitID: e.unitID(scope)})
	}
	_, err := e.org.CreateUser(context.Background(), org.System(), in)
	must(e.t, err)
	return e.actor(username)
}

func (e *env) unitID(name string) int64 {
	e.t.Helper()
	var id int64
	must(e.t, e.pool.QueryRow(context.Background(), `SELECT id FROM units WHERE name = $1`, name).Scan(&id))
	return id
}

// write sends a message as a and fails the test if it is refused.
func (e *env) write(a *org.Actor, unit string, anonymous bool, body string) *Message {
	e.t.Helper()
	m, err := e.svc.Submit(context.Background(), a, NewMessage{UnitID: e.unitID(unit), Category: "problem",
		Body: body, Anonymous: anonymous})
	must(e.t, err)
	return m
}

// idOf finds the handler's id of a message through a handler's inbox.
func (e *env) idOf(handler *org.Actor, body string) string {
	e.t.Helper()
	list, _, err := e.svc.Inbox(context.Background(), handler, InboxFilter{})
	must(e.t, err)
	for _, m := range list {
		if m.Body == body {
			return m.ID
		}
	}
	e.t.Fatalf("%s does not see %q", handler.Username, body)
	return ""
}

func (e *env) count(sql string, args ...any) int {
	e.t.Helper()
	var n int
	must(e.t, e.pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
