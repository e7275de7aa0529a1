package org

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ScopeHolders are the active accounts holding one of roles scoped exactly
// to the unit, for features that must tell a unit's committee of
// something (feedback's escalations).
func (s *Service) ScopeHolders(ctx context.Context, unitID int64, roles ...Role) ([]int64, error) {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	rows, _ := s.db.Query(ctx, `SELECT DISTINCT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.unit_id = $1 AND r.role = ANY($2) AND NOT u.disabled ORDER BY r.user_id`, unitID, names)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
