package org

import (
	"context"
	"time"

	"lms/internal/apperr"
	"lms/internal/db"
)

// AuditEvent is one security event: a login, a failed login, a change of
// role or password, an import.
type AuditEvent struct {
	ID           int64          `json:"id"`
	At           time.Time      `json:"at"`
	ActorID      int64          `json:"actor_id"`
	ActorName    string         `json:"actor_name"`
	Action       string         `json:"action"`
	TargetUserID int64          `json:"target_user_id"`
	TargetName   string         `json:"target_name"`
	UnitPath     string         `json:"-"`
	IP           string         `json:"ip"`
	Detail       map[string]any `json:"detail"`
}

// AuditPage is one page of the audit log, newest first.
type AuditPage struct {
	Events  []AuditEvent `json:"events"`
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
	More    bool         `json:"more"`
}

// Audit lists the events of the actor's subtree. Events tied to no unit
// (failed logins of unknown accounts) are shown to admins of a whole tree.
func (s *Service) Audit(ctx context.Context, a *Actor, action string, page int) (*AuditPage, error) {
	return s.AuditFiltered(ctx, a, AuditFilter{Action: action}, page)
}

// AuditFilter narrows the audit log: an action, who acted (part of their
// name or account), and days (From inclusive, To exclusive; zero: open).
type AuditFilter struct {
	Action, Person string
	From, To       time.Time
}

// AuditFiltered is Audit with every filter.
func (s *Service) AuditFiltered(ctx context.Context, a *Actor, f AuditFilter, page int) (*AuditPage, error) {
	if !s.Policy.CanViewAudit(a) {
		return nil, apperr.Forbiddenf("无权查看审计日志")
	}
	const per = 50
	page = max(page, 1)
	scopes := a.ScopePaths(RoleAdmin)
	events, err := auditEvents(ctx, s.db, a.System, scopes, f, per+1, (page-1)*per)
	if err != nil {
		return nil, err
	}
	more := len(events) > per
	if more {
		events = events[:per]
	}
	return &AuditPage{Events: events, Page: page, PerPage: per, More: more}, nil
}

// RecordImport notes a roster import in the audit log.
func (s *Service) RecordImport(ctx context.Context, q db.DBTX, a *Actor, detail map[string]any) error {
	return s.audit(ctx, q, a, "import.users", 0, a.UnitPath, detail)
}

// RecordEvent notes another feature's change (e.g. a withdrawn course
// assignment) in the audit log, inside that feature's transaction, under
// the unit it concerns.
func (s *Service) RecordEvent(ctx context.Context, q db.DBTX, a *Actor, action, unitPath string, detail map[string]any) error {
	if unitPath == "" {
		unitPath = a.UnitPath
	}
	return s.audit(ctx, q, a, action, 0, unitPath, detail)
}
