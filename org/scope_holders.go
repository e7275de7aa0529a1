package org

import "context"

// ScopeHolders are the active accounts holding one of roles scoped exactly
// to the unit, for features that must tell a unit's committee of
// something (feedback's escalations).
func (s *Service) ScopeHolders(ctx context.Context, unitID int64, roles ...Role) ([]int64, error) {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return scopeHolders(ctx, s.db, unitID, names)
}
