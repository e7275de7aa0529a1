package org

import (
	"testing"

	"lms/internal/apperr"
)

func TestWithin(t *testing.T) {
	cases := []struct {
		path, scope string
		want        bool
	}{
		{"u1", "u1", true}, {"u1.u2", "u1", true}, {"u1.u2.u3", "u1.u2", true},
		{"u12", "u1", false}, {"u1", "u1.u2", false}, {"u2.u1", "u1", false},
	}
	for _, c := range cases {
		if got := Within(c.path, c.scope); got != c.want {
			t.Errorf("Within(%q, %q) = %v", c.path, c.scope, got)
		}
	}
}

// Every role tries to reach another subtree's units and users and must get
// 403 or 404, never the data.
func TestNoCrossSubtreeAccess(t *testing.T) {
	f := newFixture(t)
	committee := f.actor("demo_committee") // 华北分公司党委
	learner := f.actor("demo_learner")
	trainer := f.actor("demo_trainer")
	hbAdmin := f.branchAdmin()
	outsideUnit := f.unit("集团机关党委")
	outsider := f.user("bgs_01") // works in 办公室党支部, under 集团机关党委
	insider := f.user("hb1_01")  // works in 第一党支部 under 华北

	denied := func(what string, err error) {
		t.Helper()
		if !apperr.Is(err, apperr.Forbidden) && !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s: got %v, want 403 or 404", what, err)
		}
	}
	for name, a := range map[string]*Actor{"committee": committee, "branch admin": hbAdmin, "learner": learner, "trainer": trainer} {
		_, err := f.svc.User(f.ctx, a, outsider.ID)
		denied(name+" views outside user", err)
		_, err = f.svc.Unit(f.ctx, a, outsideUnit.ID)
		denied(name+" views outside unit", err)
		_, err = f.svc.ListUsers(f.ctx, a, UserFilter{UnitID: outsideUnit.ID})
		denied(name+" lists outside unit", err)
		_, err = f.svc.UpdateUser(f.ctx, a, outsider.ID, UserPatch{DisplayName: ptr("改名")})
		denied(name+" edits outside user", err)
		denied(name+" renames outside unit", f.svc.RenameUnit(f.ctx, a, outsideUnit.ID, "改名", ""))
		_, err = f.svc.CreateUnit(f.ctx, a, outsideUnit.ID, "新支部", "党支部")
		denied(name+" creates under outside unit", err)
		_, err = f.svc.CreateAPIToken(f.ctx, a, outsider.ID, "x")
		denied(name+" issues a token for outside user", err)
	}
	// Inside the subtree: the committee sees but may not change; the branch
	// admin may change but not hand out a wider scope.
	if _, err := f.svc.User(f.ctx, committee, insider.ID); err != nil {
		t.Errorf("committee views own subtree: %v", err)
	}
	_, err := f.svc.UpdateUser(f.ctx, committee, insider.ID, UserPatch{DisplayName: ptr("改名")})
	denied("committee edits", err)
	if _, err := f.svc.UpdateUser(f.ctx, hbAdmin, insider.ID, UserPatch{DisplayName: ptr("改名")}); err != nil {
		t.Errorf("branch admin edits own subtree: %v", err)
	}
	root := f.unit("示范能源集团")
	_, err = f.svc.UpdateUser(f.ctx, hbAdmin, insider.ID, UserPatch{Roles: &[]Grant{{Role: RoleAdmin, ScopeUnitID: root.ID}}})
	denied("branch admin grants root admin", err)
	denied("branch admin moves own scope root", f.svc.MoveUnit(f.ctx, hbAdmin, f.unit("华北分公司党委").ID, root.ID))
	denied("branch admin moves a unit out of scope", f.svc.MoveUnit(f.ctx, hbAdmin, f.unit("第一党支部").ID, outsideUnit.ID))
	page, err := f.svc.ListUsers(f.ctx, committee, UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range page.Users {
		if !Within(u.UnitPath, f.unit("华北分公司党委").Path) {
			t.Errorf("committee list shows %s of %s", u.Username, u.UnitName)
		}
	}
	if _, err := f.svc.Tree(f.ctx, learner); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("learner tree: %v", err)
	}
	if _, err := f.svc.Audit(f.ctx, committee, "", 1); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("committee audit: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// Who may build courses is one rule that every feature asks.
func TestCanBuildCourses(t *testing.T) {
	var p Policy
	grants := func(roles ...Role) *Actor {
		a := &Actor{UserID: 1}
		for _, r := range roles {
			a.Grants = append(a.Grants, Grant{Role: r, ScopePath: "u1"})
		}
		return a
	}
	cases := []struct {
		a    *Actor
		want bool
	}{
		{nil, false}, {grants(), false}, {grants(RoleLearner), false}, {grants(RoleCommittee), false},
		{grants(RoleTrainer), true}, {grants(RoleAdmin), true}, {grants(RoleLearner, RoleTrainer), true}, {System(), true},
	}
	for i, c := range cases {
		if got := p.CanBuildCourses(c.a); got != c.want {
			t.Errorf("case %d: %v", i, got)
		}
	}
}
