// Package report gives party committees the learning-completion figures of
// their part of the organisation: per unit (drillable to the branch and the
// person), per course and per person, with exports to xlsx and csv.
//
// It reads the read models other features publish (org_members,
// org_unit_tree, org_member_names, course_enrollment_facts,
// course_requirements, course_other_credit_facts, quiz_attempt_facts) and
// its own pre-aggregated tables (migrations 00006, 00019), which org,
// course and quiz keep equal to the raw records by calling the report
// inside the transaction of each change (hooks.go); Verify compares them.
package report

import (
	"context"
	"time"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Service is the report domain.
type Service struct {
	db     db.DBTX
	Policy org.Policy
	now    func() time.Time
}

// NewService returns the report domain over a pool.
func NewService(pool db.DBTX) *Service {
	return &Service{db: pool, now: time.Now}
}

// Unit is a unit of the organisation as reports show it.
type Unit struct {
	ID       int64  `json:"id"`
	ParentID *int64 `json:"parent_id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Path     string `json:"-"`
}

// Scope is the unit a report covers and the way down to it from the top
// of what the viewer may see, for the breadcrumb.
type Scope struct {
	Unit  Unit   `json:"unit"`
	Trail []Unit `json:"trail"`
	level int    // nlevel of the unit's path
}

// mayReport: committees and admins see reports of their subtrees; anyone
// else is refused before any figure is read.
func (s *Service) mayReport(a *org.Actor) error {
	if a == nil || !a.System && !a.Has(org.RoleCommittee) && !a.Has(org.RoleAdmin) {
		return apperr.Forbiddenf("只有党委（组织部门）或管理员可以查看统计报表")
	}
	return nil
}

// scope resolves the unit asked for (0: the top of the viewer's own scope)
// and checks the viewer may see it.
func (s *Service) scope(ctx context.Context, a *org.Actor, unitID int64) (*Scope, error) {
	if err := s.mayReport(a); err != nil {
		return nil, err
	}
	if unitID == 0 {
		unitID = defaultUnit(a)
		if unitID == 0 {
			return nil, apperr.Invalidf("请指定组织（org）")
		}
	}
	u, level, err := getUnit(ctx, s.db, unitID)
	if err != nil {
		return nil, err
	}
	if !s.Policy.CanViewUnit(a, u.Path) {
		return nil, apperr.Forbiddenf("该组织不在您的管辖范围内")
	}
	trail, err := unitTrail(ctx, s.db, u.Path)
	if err != nil {
		return nil, err
	}
	return &Scope{Unit: *u, Trail: visibleTrail(s.Policy, a, trail), level: level}, nil
}

// read runs fn in a transaction set for reports: no JIT (compiling a
// report's plan takes longer than running it), memory enough to hash
// 200,000 people without spilling to disk, and hash joins rather than
// sorting 200,000 rows to merge them.
func (s *Service) read(ctx context.Context, fn func(q db.DBTX) error) error {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	if err := reportSettings(ctx, tx); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// task is a read to run as one of a report's queries at once (parallel).
func (s *Service) task(ctx context.Context, fn func(q db.DBTX) error) func() error {
	return func() error { return s.read(ctx, fn) }
}

// defaultUnit is the widest unit the actor reports on.
func defaultUnit(a *org.Actor) int64 {
	best, depth := int64(0), 1<<30
	for _, g := range a.Grants {
		if (g.Role == org.RoleCommittee || g.Role == org.RoleAdmin) && g.ScopeUnitID != 0 {
			if d := len(g.ScopePath); d < depth {
				best, depth = g.ScopeUnitID, d
			}
		}
	}
	return best
}

// visibleTrail keeps the ancestors the viewer may open.
func visibleTrail(p org.Policy, a *org.Actor, trail []Unit) []Unit {
	out := trail[:0:0]
	for _, u := range trail {
		if p.CanViewUnit(a, u.Path) {
			out = append(out, u)
		}
	}
	return out
}
