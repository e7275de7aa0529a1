package org

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Member is an active account as another feature needs it to pick people:
// who, and in which unit.
type Member struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	UnitPath    string `json:"-"`
}

const memberSelect = `SELECT u.id, u.username, u.display_name, u.unit_id, un.name AS unit_name,
	un.path::text AS unit_path FROM users u JOIN units un ON un.id = u.unit_id`

// MembersOf lists the active accounts whose own unit is one of unitIDs (not
// their subtrees), by unit and account, in one query: a campaign over ten
// thousand branches asks once. The caller has checked the units are theirs.
func (s *Service) MembersOf(ctx context.Context, unitIDs []int64) ([]Member, error) {
	rows, _ := s.db.Query(ctx, memberSelect+` WHERE u.unit_id = ANY($1) AND NOT u.disabled
		ORDER BY un.path, u.username`, unitIDs)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Member])
}

// MembersByID returns the active accounts among ids.
func (s *Service) MembersByID(ctx context.Context, ids []int64) ([]Member, error) {
	rows, _ := s.db.Query(ctx, memberSelect+` WHERE u.id = ANY($1) AND NOT u.disabled ORDER BY u.id`, ids)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Member])
}

// UnitsUnder lists the units of the subtree at path (itself included), top
// down, for forms that pick units.
func (s *Service) UnitsUnder(ctx context.Context, path string) ([]Unit, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+unitCols+`, (SELECT count(*) FROM users x WHERE x.unit_id = u.id
		AND NOT x.disabled) AS user_count FROM units u WHERE u.path <@ $1::ltree ORDER BY u.path`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
}
