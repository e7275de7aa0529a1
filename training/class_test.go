package training

import (
	"testing"

	"lms/internal/apperr"
)

// A committee opens classes for its own subtree only; the other branch's
// committee can neither open one there nor see or run A's class.
func TestClassOverAnotherSubtreeIsRefused(t *testing.T) {
	e := newEnv(t, 1)
	c := e.class(nil)
	in := ClassInput{UnitID: e.units["A"], Name: "越权班", Kind: "专题培训", Organiser: "乙", StartsOn: "2026-03-01", EndsOn: "2026-03-02"}
	if _, err := e.svc.CreateClass(e.ctx, e.otherCom, e.org, in); err == nil {
		t.Fatal("B's committee opened a class over A")
	}
	var n int
	must(t, e.pool.QueryRow(e.ctx, `SELECT count(*) FROM training_classes`).Scan(&n))
	if n != 1 {
		t.Errorf("classes = %d, want 1", n)
	}
	if _, _, err := e.svc.Class(e.ctx, e.otherCom, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B's committee sees A's class: %v", err)
	}
	if err := e.svc.AddCourse(e.ctx, e.otherCom, c.ID, 1, true); err == nil {
		t.Error("B's committee changed A's schedule")
	}
	if _, err := e.svc.Close(e.ctx, e.learners[0], c.ID); err == nil {
		t.Error("a learner closed the class")
	}
}

func TestClassInputIsChecked(t *testing.T) {
	e := newEnv(t, 0)
	for name, mod := range map[string]func(*ClassInput){
		"no name":       func(in *ClassInput) { in.Name = " " },
		"unknown kind":  func(in *ClassInput) { in.Kind = "旅游" },
		"dates swapped": func(in *ClassInput) { in.StartsOn, in.EndsOn = "2026-03-05", "2026-03-01" },
		"bad date":      func(in *ClassInput) { in.StartsOn = "3/1" },
		"attendance":    func(in *ClassInput) { in.MinAttendance = 120 },
		"capacity":      func(in *ClassInput) { in.Capacity = -1 },
		"no teacher":    func(in *ClassInput) { in.TeacherIDs = []int64{999999} },
	} {
		in := ClassInput{UnitID: e.units["A"], Name: "班", Kind: "专题培训", Organiser: "党委", StartsOn: "2026-03-01", EndsOn: "2026-03-02"}
		mod(&in)
		if _, err := e.svc.CreateClass(e.ctx, e.committee, e.org, in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: err = %v, want invalid", name, err)
		}
	}
}

// People assigned by unit are members as the unit is now: someone who
// joins A after the assignment is in the class; B's people are not.
func TestAssignedUnitsIncludeLaterJoiners(t *testing.T) {
	e := newEnv(t, 2)
	c := e.class(nil)
	must(t, e.svc.AssignUnits(e.ctx, e.committee, e.org, c.ID, []int64{e.units["A"]}, ""))
	late := e.actor("late_joiner", "A", "")
	for _, a := range append(e.learners, late) {
		if _, in, err := e.svc.Class(e.ctx, a, c.ID); err != nil || !in {
			t.Errorf("%s: member = %v, %v", a.Username, in, err)
		}
	}
	if _, _, err := e.svc.Class(e.ctx, e.outsider, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B's learner sees the class: %v", err)
	}
	if err := e.svc.AssignUnits(e.ctx, e.committee, e.org, c.ID, []int64{e.units["root"]}, ""); err == nil {
		t.Error("assigned the whole group to a class of A")
	}
	if _, err := e.svc.AddPeople(e.ctx, e.committee, c.ID, []int64{e.outsider.UserID}, "named"); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("named someone of B: %v", err)
	}
}

// 报名 → 审核: when the class is full an application waits, and approving
// it past capacity is refused without changing anything.
func TestApplicationsWaitAndCapacityHolds(t *testing.T) {
	e := newEnv(t, 3)
	c := e.class(func(in *ClassInput) { in.Capacity, in.OpenApply = 1, true })
	a, b := e.learners[0], e.learners[1]
	if st, err := e.svc.Apply(e.ctx, a, c.ID); err != nil || st != "applied" {
		t.Fatalf("apply: %q %v", st, err)
	}
	if _, err := e.svc.Apply(e.ctx, a, c.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second application: %v", err)
	}
	if _, err := e.svc.Apply(e.ctx, e.outsider, c.ID); err == nil {
		t.Error("someone of B applied to A's class")
	}
	must(t, e.svc.Decide(e.ctx, e.committee, c.ID, a.UserID, Decision{Approve: true}))
	if st, err := e.svc.Apply(e.ctx, b, c.ID); err != nil || st != "waiting" {
		t.Fatalf("apply when full: %q %v", st, err)
	}
	if err := e.svc.Decide(e.ctx, e.committee, c.ID, b.UserID, Decision{Approve: true}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("approved past capacity: %v", err)
	}
	if st, _, _ := e.svc.MyStatus(e.ctx, b, c.ID); st != "waiting" {
		t.Errorf("after the refused approval b is %q", st)
	}
	if err := e.svc.Decide(e.ctx, e.committee, c.ID, b.UserID, Decision{}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("rejected without a reason: %v", err)
	}
	must(t, e.svc.Decide(e.ctx, e.committee, c.ID, b.UserID, Decision{Reason: "名额已满，请报下一期"}))
	if st, why, _ := e.svc.MyStatus(e.ctx, b, c.ID); st != "rejected" || why != "名额已满，请报下一期" {
		t.Errorf("b: %q %q", st, why)
	}
	if _, err := e.svc.AddPeople(e.ctx, e.committee, c.ID, []int64{e.learners[2].UserID}, "named"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("named past capacity: %v", err)
	}
	if n, _ := rosterCount(e.ctx, e.pool, c.ID); n != 1 {
		t.Errorf("roster = %d, want 1", n)
	}
}

// The managers' lists: the roster with applications after members, and
// the class's figures by unit.
func TestRosterAndStats(t *testing.T) {
	e := newEnv(t, 2)
	c := e.class(func(in *ClassInput) { in.OpenApply = true })
	_, err := e.svc.AddPeople(e.ctx, e.committee, c.ID, []int64{e.learners[0].UserID}, "named")
	must(t, err)
	_, err = e.svc.Apply(e.ctx, e.learners[1], c.ID)
	must(t, err)
	list, err := e.svc.Roster(e.ctx, e.committee, c.ID)
	must(t, err)
	if len(list) != 2 || list[0].Status != "in" || list[1].Status != "applied" || list[0].Name != "姓名learner_a0" {
		t.Errorf("roster: %+v", list)
	}
	st, err := e.svc.Stats(e.ctx, e.committee, c.ID)
	must(t, err)
	if st.Enrolled != 1 || st.Applied != 1 || len(st.ByUnit) != 1 || st.ByUnit[0].Name != "甲支部" {
		t.Errorf("stats: %+v", st)
	}
	if _, err := e.svc.Roster(e.ctx, e.learners[0], c.ID); err == nil {
		t.Error("a member read the roster")
	}
}

func TestSeedDemoOnce(t *testing.T) {
	e := newEnv(t, 0)
	for i, want := range []bool{true, false} {
		added, err := e.svc.SeedDemo(e.ctx, e.org, e.units["A"])
		if err != nil || added != want {
			t.Fatalf("run %d: added %v, %v", i+1, added, err)
		}
	}
	list, err := e.svc.Classes(e.ctx, e.committee)
	must(t, err)
	if len(list) != 1 || !list[0].OpenApply {
		t.Fatalf("classes: %+v", list)
	}
	sch, err := e.svc.Schedule(e.ctx, e.committee, list[0].ID)
	must(t, err)
	if len(sch.Sessions) != 2 {
		t.Errorf("sessions: %+v", sch.Sessions)
	}
}

// A roster file names accounts; an unknown account refuses the whole
// file and adds no one.
func TestImportRosterByAccount(t *testing.T) {
	e := newEnv(t, 2)
	c := e.class(nil)
	if _, err := e.svc.ImportRoster(e.ctx, e.committee, e.org, c.ID, []string{"learner_a0", "nobody"}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown account: %v", err)
	}
	if n, _ := rosterCount(e.ctx, e.pool, c.ID); n != 0 {
		t.Fatalf("roster after a refused file: %d", n)
	}
	if _, err := e.svc.ImportRoster(e.ctx, e.committee, e.org, c.ID, []string{"learner_b"}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("account of another branch: %v", err)
	}
	n, err := e.svc.ImportRoster(e.ctx, e.committee, e.org, c.ID, []string{"Learner_A0", "learner_a1"})
	if err != nil || n != 2 {
		t.Errorf("import: %d %v", n, err)
	}
}
