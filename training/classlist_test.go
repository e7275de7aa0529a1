package training

import (
	"testing"

	"lms/internal/apperr"
)

// The report's list of a subtree's classes: roster, 结业 and attendance
// as Stats and Close count them; another subtree's committee sees none.
func TestClassesUnderASubtree(t *testing.T) {
	e := newEnv(t, 2)
	c := e.class(nil)
	must(t, e.svc.AssignUnits(e.ctx, e.committee, e.org, c.ID, []int64{e.units["A"]}, ""))
	ss := e.session(c.ID)
	w, tok := e.code(ss.ID)
	_, err := e.svc.Scan(e.ctx, e.learners[0], ss.ID, w, tok)
	must(t, err)
	_, err = e.svc.Close(e.ctx, e.committee, c.ID)
	must(t, err)
	list, err := e.svc.ClassesUnder(e.ctx, e.committee, e.pathOf("A"), 2026)
	must(t, err)
	if len(list) != 1 || list[0].ID != c.ID || list[0].Enrolled != 2 || list[0].Completed != 1 ||
		list[0].Attendance == nil || *list[0].Attendance != 50 || list[0].State != StateClosed {
		t.Fatalf("classes of A: %+v", list)
	}
	if other, err := e.svc.ClassesUnder(e.ctx, e.committee, e.pathOf("A"), 2025); err != nil || len(other) != 0 {
		t.Errorf("classes of A in 2025: %+v %v", other, err)
	}
	if b, err := e.svc.ClassesUnder(e.ctx, e.otherCom, e.pathOf("B"), 2026); err != nil || len(b) != 0 {
		t.Errorf("classes of B: %+v %v", b, err)
	}
	if _, err := e.svc.ClassesUnder(e.ctx, e.otherCom, e.pathOf("A"), 2026); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("B's committee listed A's classes: %v", err)
	}
	e.reportAgrees()
}
