package appraisal

import (
	"lms/internal/apperr"
	"lms/org"
)

// This file is the one place that says who may do what with appraisals.
//
// A campaign belongs to the committees and admins whose scope covers the
// unit it is over (org.Policy.CanViewUnit): they create it over their own
// subtree, watch its response rate, remind, close, read and export its
// results, record follow-ups and release it. A respondent answers only the
// targets they were named for, once, while it is open. A person who is a
// target reads their own result once it is released. Nobody, the system
// included, reads a single ballot.

// manages reports whether the actor runs campaigns over path.
func manages(a *org.Actor, path string) bool {
	return org.Policy{}.CanViewUnit(a, path)
}

// CanCreate reports whether the actor runs campaigns at all (the menus).
func CanCreate(a *org.Actor) bool {
	return a != nil && (a.System || a.Has(org.RoleCommittee) || a.Has(org.RoleAdmin))
}

// mustManage hides a campaign the actor does not manage as missing.
func mustManage(a *org.Actor, c *Campaign) error {
	if !manages(a, c.UnitPath) {
		return apperr.NotFoundf("评议不存在")
	}
	return nil
}

// seesOwnResult: the target themself, once released and closed.
func seesOwnResult(a *org.Actor, c *Campaign, t *Target, closed bool) bool {
	return c.Released && closed && t.UserID != nil && *t.UserID == a.UserID && a.UserID != 0
}

// mayUseTemplate: a template kept at a unit serves that unit's subtree and
// the committees above it.
func mayUseTemplate(a *org.Actor, path string) bool {
	if manages(a, path) {
		return true
	}
	for _, s := range a.ScopePaths(org.RoleCommittee, org.RoleAdmin) {
		if org.Within(s, path) {
			return true
		}
	}
	return false
}
