package feedback

import (
	"lms/internal/apperr"
	"lms/org"
)

// This file is the one place that says who may write, read and handle a
// message.
//
//   - A member writes to their own unit or to one above it on their path.
//   - The handlers of a message are the committee members and admins whose
//     scope covers the addressed unit. Escalation adds no new handler (the
//     parent's committee already covers the unit) but puts the message in
//     front of them with a red mark. Handlers are roles, not people: a
//     handler who leaves takes nothing with them.
//   - The author reads their own messages through their own links, which
//     the authors' key alone resolves (anon.go); a handler never learns who
//     wrote an anonymous message.
//   - A public answer is shown to the members of the unit's subtree and to
//     its handlers.

// handles reports whether the actor handles messages to the unit at path.
func handles(a *org.Actor, unitPath string) bool {
	return org.Policy{}.CanViewUnit(a, unitPath)
}

// mayWriteTo reports whether the actor may write to the unit at path.
func mayWriteTo(a *org.Actor, unitPath string) bool {
	return a != nil && a.UserID != 0 && a.UnitPath != "" && org.Within(a.UnitPath, unitPath)
}

// mayReadPublic reports whether the actor sees the public answers of the
// unit at path.
func mayReadPublic(a *org.Actor, unitPath string) bool {
	return a.UnitPath != "" && org.Within(a.UnitPath, unitPath) || handles(a, unitPath)
}

// handlerScopes are the subtrees whose messages the actor handles; all
// says the actor (the system) handles every message.
func handlerScopes(a *org.Actor) (scopes []string, all bool) {
	if a.System {
		return nil, true
	}
	return a.ScopePaths(org.RoleCommittee, org.RoleAdmin), false
}

// IsHandler reports whether the actor handles any messages at all, for
// the menu and the inbox.
func IsHandler(a *org.Actor) bool {
	scopes, all := handlerScopes(a)
	return all || len(scopes) > 0
}

// errMessageNotFound is what anyone who may not see a message is told: the
// same answer as for a message that does not exist.
func errMessageNotFound() error { return apperr.NotFoundf("意见建议不存在或无权查看") }

func errNotOnPath() error {
	return apperr.Forbiddenf("只能向本人所在的党组织或其上级党组织反映意见建议")
}
