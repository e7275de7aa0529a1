package org

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Reporter is what the report feature learns of accounts, inside the
// transaction of each change, so that head counts and unit sums follow a
// person's unit, rank and state.
type Reporter interface {
	// AccountsChanging is called before the unit, rank or state of these
	// accounts changes, with the accounts locked for update.
	AccountsChanging(ctx context.Context, tx pgx.Tx, ids []int64) error
	// AccountsChanged is called after accounts were created, or changed
	// after AccountsChanging.
	AccountsChanged(ctx context.Context, tx pgx.Tx, ids []int64) error
}

func (s *Service) reportChanging(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if s.Reporter == nil || len(ids) == 0 {
		return nil
	}
	return s.Reporter.AccountsChanging(ctx, tx, ids)
}

func (s *Service) reportChanged(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if s.Reporter == nil || len(ids) == 0 {
		return nil
	}
	return s.Reporter.AccountsChanged(ctx, tx, ids)
}

// counted: the patch changes what the report counts a person under.
func (p UserPatch) counted() bool {
	return p.UnitID != nil || p.Rank != nil || p.Disabled != nil
}
