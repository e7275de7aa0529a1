package report

import (
	"testing"
	"time"

	"lms/course"
	"lms/org"
)

// The report's sums follow each changing path through the feature that
// changes (no trigger): after each step they equal Verify's recomputation
// from the raw records, and the figure the step moved has moved.

func (f *fixture) total(unit string) Figures {
	f.t.Helper()
	r, err := f.svc.Units(f.ctx, f.sys, Query{UnitID: f.units[unit].ID, Year: f.year})
	must(f.t, err)
	return r.Total
}

func (f *fixture) smallTree() {
	f.unit("钩子集团", "", "集团")
	f.unit("一支部", "钩子集团", "党支部")
	f.unit("二支部", "钩子集团", "党支部")
	for _, n := range []string{"h1", "h2", "h3"} {
		f.user(n, n, "一支部", "科员")
	}
}

func TestHooksEnrolPaths(t *testing.T) {
	f := newFixture(t)
	f.smallTree()
	c, _ := f.newCourse("必修课", "理论", 1, 1)
	f.assign(c, "一支部", f.year, time.Now().Add(60*24*time.Hour))
	f.verify()
	if got := f.total("钩子集团"); got.Enrolled != 3 || got.NotStarted != 3 {
		t.Errorf("after the assignment: %s", showFigures(got))
	}
	// A second assignment brings the due date forward: the enrollments
	// move to another due-date row of the sums, none is added.
	f.assign(c, "钩子集团", f.year, time.Now().Add(10*24*time.Hour))
	f.verify()
	if got := f.total("钩子集团"); got.Enrolled != 3 {
		t.Errorf("after the earlier due date: %s", showFigures(got))
	}
	// Someone added to the unit later: the dashboard's sync, and the
	// nightly job for someone who never opens it.
	f.user("h4", "h4", "二支部", "科员")
	must(t, f.course.SyncUser(f.ctx, f.users["h4"]))
	f.verify()
	f.user("h5", "h5", "二支部", "科员")
	must(t, (&course.RemindWorker{Service: f.course}).Work(f.ctx, nil))
	f.verify()
	if got := f.total("钩子集团"); got.Enrolled != 5 || got.People != 5 {
		t.Errorf("after the syncs: %s", showFigures(got))
	}
}

// A learner's script that joins an open course again and again counts once.
func TestHooksSelfEnrolReplayed(t *testing.T) {
	f := newFixture(t)
	f.smallTree()
	c, _ := f.newCourse("选学课", "业务", 1, 1)
	_, err := f.course.UpdateCourse(f.ctx, f.sys, c, course.CourseInput{Open: ptr(true)})
	must(t, err)
	learner := f.actor("h1")
	for range 3 {
		must(t, f.course.SelfEnroll(f.ctx, learner, c))
	}
	f.verify()
	if got := f.total("钩子集团"); got.Enrolled != 1 {
		t.Errorf("after three self-enrolments: %s", showFigures(got))
	}
}

// Progress, completion and credit through heartbeats, replayed heartbeats
// included.
func TestHooksProgressCompletionCredit(t *testing.T) {
	f := newFixture(t)
	f.smallTree()
	c, lessons := f.newCourse("两课时", "理论", 2, 2)
	f.assign(c, "钩子集团", f.year, time.Now().Add(60*24*time.Hour))
	f.study("h1", lessons[0])
	f.verify()
	if got := f.total("钩子集团"); got.InProgress != 1 || got.Completed != 0 || got.Hours != 0 {
		t.Errorf("after one lesson: %s", showFigures(got))
	}
	f.study("h1", lessons[1])
	f.study("h2", lessons[0])
	f.study("h2", lessons[1])
	f.verify()
	// The same heartbeats again (a replaying script): nothing moves.
	f.study("h1", lessons[1])
	f.verify()
	if got := f.total("钩子集团"); got.Completed != 2 || got.InProgress != 0 || got.Hours != 4 {
		t.Errorf("after two completions: %s", showFigures(got))
	}
}

// Quiz results: a retake that scores higher replaces the best, a lower one
// does not, the daily practice is not counted.
func TestHooksQuizAttempts(t *testing.T) {
	f := newFixture(t)
	f.smallTree()
	c, _ := f.newCourse("测验课", "理论", 1, 1)
	f.assign(c, "钩子集团", f.year, time.Now().Add(60*24*time.Hour))
	q, daily := f.quiz(c, "fixed"), f.quiz(c, "daily")
	f.attempt("h1", q, 40)
	f.verify()
	f.attempt("h1", q, 80)
	f.attempt("h1", q, 60)
	f.attempt("h2", daily, 100)
	f.verify()
	got := f.total("钩子集团")
	if got.QuizTaken != 1 || got.QuizAverage == nil || *got.QuizAverage != 80 {
		t.Errorf("quiz figures: %s", showFigures(got))
	}
}

// Accounts: a move takes the figures along, a new rank moves the head
// counts, a disabled person leaves the sums and comes back, and a roster
// import moves one person and adds another in one transaction.
func TestHooksAccounts(t *testing.T) {
	f := newFixture(t)
	f.smallTree()
	c, lessons := f.newCourse("账号课", "理论", 1, 1)
	f.assign(c, "钩子集团", f.year, time.Now().Add(60*24*time.Hour))
	f.study("h1", lessons[0])
	f.move("h1", "二支部")
	f.verify()
	if got := f.total("二支部"); got.People != 1 || got.Completed != 1 || got.Hours != 1 {
		t.Errorf("二支部 after the move: %s", showFigures(got))
	}
	_, err := f.org.UpdateUser(f.ctx, f.sys, f.users["h2"], org.UserPatch{Rank: ptr("副科级")})
	must(t, err)
	f.disable("h3")
	f.verify()
	if got := f.total("一支部"); got.People != 1 || got.Enrolled != 1 {
		t.Errorf("一支部 with h3 disabled: %s", showFigures(got))
	}
	_, err = f.org.UpdateUser(f.ctx, f.sys, f.users["h3"], org.UserPatch{Disabled: ptr(false)})
	must(t, err)
	f.verify()
	rep, err := f.org.ImportUsers(f.ctx, f.sys, []org.RosterRow{
		{Line: 2, Username: "h2", Name: "h2", Unit: "钩子集团/二支部", Rank: "科员"},
		{Line: 3, Username: "h6", Name: "新人", Unit: "钩子集团/一支部", Rank: "科员"},
	}, org.ImportOptions{InitialPassword: "Import2026x"})
	must(t, err)
	if !rep.Applied {
		t.Fatalf("import not applied: %s", show(rep))
	}
	f.verify()
	if got := f.total("二支部"); got.People != 2 || got.Enrolled != 2 {
		t.Errorf("二支部 after the import: %s", showFigures(got))
	}
	if got := f.total("钩子集团"); got.People != 4 {
		t.Errorf("people after the import: %s", showFigures(got))
	}
}

// No trigger of the report's stands on another feature's table.
func TestNoReportTriggersOnOtherTables(t *testing.T) {
	f := newFixture(t)
	var n int
	must(t, f.pool.QueryRow(f.ctx, `SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
		WHERE NOT t.tgisinternal AND p.proname LIKE 'report%'`).Scan(&n))
	if n != 0 {
		t.Errorf("%d report triggers remain", n)
	}
}
