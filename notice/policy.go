package notice

import (
	"strings"
	"time"
)

// This file is the one place that says who may publish, see and change a
// notice and its readers. Services ask it; handlers ask the services.
//
// Committees and admins publish to a unit of the subtrees they hold those
// roles over, and manage every notice whose addressed unit lies in one of
// those subtrees: change a draft, publish, withdraw, see who has read it,
// remind. Readers are the audience of a live notice (published, not
// expired): members of the addressed subtree, narrowed to the chosen units
// and roles. Anyone else is told the notice does not exist. The system
// actor may do anything.

// Viewer is who asks, as the web layer knows them.
type Viewer struct {
	UserID   int64
	UnitPath string   // ltree path of the viewer's own unit ("u1.u4")
	Roles    []string // every role the viewer holds
	Scopes   []string // subtrees the viewer is a committee member or admin of
	System   bool
}

// within reports whether path lies in the subtree rooted at scope.
func within(path, scope string) bool {
	return scope != "" && (path == scope || strings.HasPrefix(path, scope+"."))
}

// Publishes reports whether the viewer publishes notices at all.
func (v Viewer) Publishes() bool { return v.System || len(v.Scopes) > 0 }

// mayAddress: a notice may be addressed to a unit inside the viewer's scopes.
func (v Viewer) mayAddress(path string) bool {
	if v.System {
		return true
	}
	for _, s := range v.Scopes {
		if within(path, s) {
			return true
		}
	}
	return false
}

// manages: the notice is addressed inside one of the viewer's scopes.
func (v Viewer) manages(n *Notice) bool { return v.mayAddress(n.ScopePath) }

// inAudience: the viewer belongs to whom the notice is addressed, whatever
// its state. The same rule is written in SQL in store_audience.go.
func (v Viewer) inAudience(n *Notice) bool {
	if v.UserID == 0 || !within(v.UnitPath, n.ScopePath) {
		return false
	}
	if len(n.UnitPaths) > 0 && !anyWithin(v.UnitPath, n.UnitPaths) {
		return false
	}
	return len(n.Roles) == 0 || overlaps(v.Roles, n.Roles)
}

// reads: a reader sees a live notice addressed to them.
func (v Viewer) reads(n *Notice, now time.Time) bool {
	return live(n, now) && v.inAudience(n)
}

// live: published and not past its expiry.
func live(n *Notice, now time.Time) bool {
	return n.State == Published && (n.ExpiresAt == nil || n.ExpiresAt.After(now))
}

func anyWithin(path string, scopes []string) bool {
	for _, s := range scopes {
		if within(path, s) {
			return true
		}
	}
	return false
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
