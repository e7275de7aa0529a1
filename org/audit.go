package org

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

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

func insertAudit(ctx context.Context, q db.DBTX, e AuditEvent) error {
	_, err := q.Exec(ctx, `
		INSERT INTO audit_log (actor_id, action, target_user_id, unit_path, ip, detail)
		VALUES (nullif($1, 0), $2, nullif($3, 0), nullif($4, '')::ltree, $5, $6)`,
		e.ActorID, e.Action, e.TargetUserID, e.UnitPath, e.IP, mustJSON(e.Detail))
	return err
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
	if !s.Policy.CanViewAudit(a) {
		return nil, apperr.Forbiddenf("无权查看审计日志")
	}
	const per = 50
	page = max(page, 1)
	scopes := a.ScopePaths(RoleAdmin)
	rows, _ := s.db.Query(ctx, `
		SELECT l.id, l.at, coalesce(l.actor_id, 0) AS actor_id, coalesce(au.display_name, '') AS actor_name,
		       l.action, coalesce(l.target_user_id, 0) AS target_user_id,
		       coalesce(tu.display_name, '') AS target_name, coalesce(l.unit_path::text, '') AS unit_path,
		       l.ip, l.detail
		FROM audit_log l
		LEFT JOIN users au ON au.id = l.actor_id
		LEFT JOIN users tu ON tu.id = l.target_user_id
		WHERE ($1 OR l.unit_path <@ $2::ltree[]
		       OR l.unit_path IS NULL AND EXISTS (SELECT 1 FROM units r WHERE r.parent_id IS NULL AND r.path = ANY($2::ltree[])))
		  AND ($3 = '' OR l.action = $3)
		ORDER BY l.id DESC LIMIT $4 OFFSET $5`, a.System, scopes, action, per+1, (page-1)*per)
	events, err := pgx.CollectRows(rows, pgx.RowToStructByName[AuditEvent])
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
