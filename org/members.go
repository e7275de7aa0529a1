package org

import "context"

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

// MembersOf lists the active accounts whose own unit is one of unitIDs (not
// their subtrees), by unit and account, in one query: a campaign over ten
// thousand branches asks once. The caller has checked the units are theirs.
func (s *Service) MembersOf(ctx context.Context, unitIDs []int64) ([]Member, error) {
	return membersOf(ctx, s.db, unitIDs)
}

// MembersByID returns the active accounts among ids.
func (s *Service) MembersByID(ctx context.Context, ids []int64) ([]Member, error) {
	return membersByID(ctx, s.db, ids)
}

// UnitsUnder lists the units of the subtree at path (itself included), top
// down, for forms that pick units.
func (s *Service) UnitsUnder(ctx context.Context, path string) ([]Unit, error) {
	return unitsUnder(ctx, s.db, path)
}
