package org

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func insertAudit(ctx context.Context, q db.DBTX, e AuditEvent) error {
	_, err := q.Exec(ctx, `
		INSERT INTO audit_log (actor_id, action, target_user_id, unit_path, ip, detail)
		VALUES (nullif($1, 0), $2, nullif($3, 0), nullif($4, '')::ltree, $5, $6)`,
		e.ActorID, e.Action, e.TargetUserID, e.UnitPath, e.IP, mustJSON(e.Detail))
	return err
}

// auditEvents pages through the events of the subtrees (all of them when
// all), newest first.
func auditEvents(ctx context.Context, q db.DBTX, all bool, scopes []string, f AuditFilter, limit, offset int) ([]AuditEvent, error) {
	var from, to *time.Time
	if !f.From.IsZero() {
		from = &f.From
	}
	if !f.To.IsZero() {
		to = &f.To
	}
	rows, _ := q.Query(ctx, `
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
		  AND ($6 = '' OR au.username = lower($6) OR strpos(au.display_name, $6) > 0)
		  AND ($7::timestamptz IS NULL OR l.at >= $7) AND ($8::timestamptz IS NULL OR l.at < $8)
		ORDER BY l.id DESC LIMIT $4 OFFSET $5`, all, scopes, f.Action, limit, offset, f.Person, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[AuditEvent])
}
