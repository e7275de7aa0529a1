package org

import "strings"

// Role is what a user may do on the platform.
type Role string

const (
	RoleLearner   Role = "learner"
	RoleTrainer   Role = "trainer"
	RoleCommittee Role = "committee"
	RoleAdmin     Role = "admin"
)

// Roles lists every role in display order.
var Roles = []Role{RoleLearner, RoleTrainer, RoleCommittee, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Scoped reports whether the role applies to a subtree of the organisation.
func (r Role) Scoped() bool { return r == RoleCommittee || r == RoleAdmin }

// Grant is one role held by a user; ScopePath is set for scoped roles.
type Grant struct {
	Role        Role   `json:"role"`
	ScopeUnitID int64  `json:"scope_unit_id,omitempty"`
	ScopeName   string `json:"scope_name,omitempty"`
	ScopePath   string `json:"scope_path,omitempty"`
}

// Actor is whoever asks: a signed-in user, or the system itself (the CLI).
type Actor struct {
	UserID             int64
	Username           string
	DisplayName        string
	UnitID             int64
	UnitPath           string
	Grants             []Grant
	MustChangePassword bool
	System             bool
	// User is the account as loaded when the request was authenticated.
	User *User
}

// System is the actor of command-line administration: it may do anything.
func System() *Actor { return &Actor{System: true} }

// Has reports whether the actor holds role anywhere.
func (a *Actor) Has(role Role) bool {
	for _, g := range a.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// ScopePaths returns the subtrees over which the actor holds any of roles.
func (a *Actor) ScopePaths(roles ...Role) []string {
	var paths []string
	for _, g := range a.Grants {
		for _, r := range roles {
			if g.Role == r && g.ScopePath != "" {
				paths = append(paths, g.ScopePath)
			}
		}
	}
	return paths
}

// Within reports whether path lies in the subtree rooted at scope.
func Within(path, scope string) bool {
	return path == scope || strings.HasPrefix(path, scope+".")
}

// Policy is the one place that says who may see and change what. Every
// handler and every domain service asks it.
type Policy struct{}

func (Policy) covers(a *Actor, path string, roles ...Role) bool {
	if a.System {
		return true
	}
	for _, scope := range a.ScopePaths(roles...) {
		if Within(path, scope) {
			return true
		}
	}
	return false
}

// CanViewUnit: committees and admins see their own subtree.
func (p Policy) CanViewUnit(a *Actor, unitPath string) bool {
	return p.covers(a, unitPath, RoleCommittee, RoleAdmin)
}

// CanManageUnit: admins change units inside their subtree.
func (p Policy) CanManageUnit(a *Actor, unitPath string) bool {
	return p.covers(a, unitPath, RoleAdmin)
}

// CanViewUser: a user sees themself; committees and admins their subtree.
func (p Policy) CanViewUser(a *Actor, userID int64, unitPath string) bool {
	return a.UserID == userID && userID != 0 || p.CanViewUnit(a, unitPath)
}

// CanManageUser: admins manage the accounts of their subtree.
func (p Policy) CanManageUser(a *Actor, unitPath string) bool {
	return p.CanManageUnit(a, unitPath)
}

// CanGrant: an admin may hand out a role only within their own subtree, and
// never an admin scope wider than their own.
func (p Policy) CanGrant(a *Actor, g Grant) bool {
	if !g.Role.Scoped() {
		return true
	}
	return p.CanManageUnit(a, g.ScopePath)
}

// CanBuildCourses: trainers and admins build courses and what goes into
// them (lessons, lectures, question banks, quizzes). It says only that the
// actor builds at all; which course or bank is theirs is the owning
// feature's rule.
func (Policy) CanBuildCourses(a *Actor) bool {
	return a != nil && (a.System || a.Has(RoleTrainer) || a.Has(RoleAdmin))
}

// CanViewAudit: admins see the security events of their subtree.
func (p Policy) CanViewAudit(a *Actor) bool {
	return a.System || a.Has(RoleAdmin)
}
