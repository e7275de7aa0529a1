// Package org holds the organisation tree, accounts, sessions and the access
// policy that every other part of the platform asks.
package org

import (
	"context"
	"encoding/json"
	"time"

	"lms/internal/db"
)

// Service is the organisation and account domain.
type Service struct {
	db     db.DBTX
	Policy Policy
	// Reporter, when set, is told of every new account and every change of
	// an account's unit, rank or state inside its transaction.
	Reporter Reporter
	// SessionIdle and SessionMax bound a browser session's life.
	SessionIdle time.Duration
	SessionMax  time.Duration
	now         func() time.Time
	cache       authCache
}

// NewService returns a Service over a pool (or a transaction, in tests).
func NewService(pool db.DBTX) *Service {
	return &Service{db: pool, SessionIdle: 2 * time.Hour, SessionMax: 12 * time.Hour, now: time.Now}
}

// audit records a security event inside the caller's transaction.
func (s *Service) audit(ctx context.Context, q db.DBTX, a *Actor, action string, target int64, unitPath string, detail map[string]any) error {
	return insertAudit(ctx, q, AuditEvent{
		ActorID: a.UserID, Action: action, TargetUserID: target, UnitPath: unitPath, Detail: detail,
		IP: clientIPOf(ctx),
	})
}

func mustJSON(v any) []byte {
	if v == nil {
		return []byte("{}")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return []byte("{}")
	}
	return b
}
