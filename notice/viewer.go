package notice

import "lms/org"

// ViewerOf describes an actor to this package: every role held, and the
// subtrees where they publish (committee and admin scopes).
func ViewerOf(a *org.Actor) Viewer {
	v := Viewer{UserID: a.UserID, UnitPath: a.UnitPath, System: a.System,
		Scopes: a.ScopePaths(org.RoleCommittee, org.RoleAdmin)}
	for _, g := range a.Grants {
		v.Roles = append(v.Roles, string(g.Role))
	}
	return v
}
