package course

import (
	"testing"

	"lms/internal/apperr"
	"lms/org"
)

// Withdrawing an assignment: who never started leaves the course, who
// started keeps the enrollment and their progress (no longer required),
// the audit log says who withdrew what; nobody outside may list or
// withdraw it, and nothing changes when they try.
func TestWithdrawAssignment(t *testing.T) {
	f := newFixture(t)
	c, _, article := f.course(1)
	learner := f.actor("demo_learner")
	f.beat(learner, article.ID, Beat{PlaybackID: "r1", Seq: 1, Visible: true})
	f.clock.Add(10)
	f.beat(learner, article.ID, Beat{PlaybackID: "r1", Seq: 2, Visible: true})
	enrolled := func() (n, required int) {
		must(t, f.svc.db.QueryRow(f.ctx, `SELECT count(*), count(*) FILTER (WHERE mandatory)
			FROM enrollments WHERE course_id = $1`, c.ID).Scan(&n, &required))
		return n, required
	}
	before, _ := enrolled()
	hnCommittee := f.southCommittee()
	for name, a := range map[string]*org.Actor{"learner": learner, "trainer": f.actor("demo_trainer"), "华南党委": hnCommittee} {
		list, err := f.svc.CourseAssignments(f.ctx, a, c.ID)
		if err == nil && len(list) > 0 {
			t.Errorf("%s lists %d assignments", name, len(list))
		}
	}
	committee := f.actor("demo_committee")
	list, err := f.svc.CourseAssignments(f.ctx, committee, c.ID)
	must(t, err)
	if len(list) != 1 || list[0].Enrolled != before || list[0].UnitName != "第一党支部" {
		t.Fatalf("assignments %+v (enrolled %d)", list, before)
	}
	for name, a := range map[string]*org.Actor{"learner": learner, "华南党委": hnCommittee} {
		if _, err := f.svc.Withdraw(f.ctx, a, f.org, list[0].ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s withdraws: %v", name, err)
		}
	}
	if n, _ := enrolled(); n != before {
		t.Fatalf("refused withdrawals changed the enrollments: %d of %d", n, before)
	}
	if _, err := f.svc.Withdraw(f.ctx, committee, f.org, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, required := enrolled(); n != 1 || required != 0 {
		t.Errorf("after withdrawing: %d enrollments (%d required), want the one who started, not required", n, required)
	}
	p, err := f.svc.Progress(f.ctx, learner, article.ID)
	must(t, err)
	if p.Active < 9 {
		t.Errorf("the learner's reading is gone: %+v", p)
	}
	events, err := f.org.Audit(f.ctx, f.actor("demo_admin"), "assignment.withdraw", 1)
	must(t, err)
	if len(events.Events) != 1 || events.Events[0].ActorID != committee.UserID {
		t.Errorf("audit %+v", events.Events)
	}
	if _, err := f.svc.Withdraw(f.ctx, committee, f.org, list[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("withdrawing twice: %v", err)
	}
}

// southCommittee is a committee member of 华南分公司党委: another subtree.
func (f *fixture) southCommittee() *org.Actor {
	f.t.Helper()
	unit := f.unitID("示范能源集团/华南分公司党委")
	_, err := f.org.CreateUser(f.ctx, org.System(), org.UserInput{Username: "hn_committee", DisplayName: "华南委员",
		UnitID: unit, Password: org.DemoPassword, Roles: []org.Grant{{Role: org.RoleLearner},
			{Role: org.RoleCommittee, ScopeUnitID: unit}}})
	must(f.t, err)
	return f.actor("hn_committee")
}
