package org

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// UpdateUser changes an account the actor manages. Moving it needs the
// actor to manage both the old and the new unit.
func (s *Service) UpdateUser(ctx context.Context, a *Actor, id int64, p UserPatch) (*User, error) {
	if err := p.normalize(); err != nil {
		return nil, err
	}
	err := db.InTxRetry(ctx, s.db, func(tx pgx.Tx) error {
		u, err := getUserForUpdate(ctx, tx, id)
		if err != nil {
			return err
		}
		if !s.Policy.CanManageUser(a, u.UnitPath) {
			return s.hideUser(a, u)
		}
		if a.UserID == u.ID && p.Disabled != nil && *p.Disabled {
			return apperr.Invalidf("不能停用自己的账号")
		}
		return s.applyPatch(ctx, tx, a, u, p)
	})
	if err != nil {
		return nil, err
	}
	s.cache.forgetUser(id)
	return getUser(ctx, s.db, id)
}

func (s *Service) hideUser(a *Actor, u *User) error {
	if s.Policy.CanViewUser(a, u.ID, u.UnitPath) {
		return apperr.Forbiddenf("无权修改该用户")
	}
	return apperr.NotFoundf("用户不存在")
}

func (p *UserPatch) normalize() error {
	var err error
	if p.DisplayName != nil {
		v, e := validateText("姓名", *p.DisplayName, 50, true)
		p.DisplayName, err = &v, e
	}
	if err == nil && p.Rank != nil {
		v, e := validateText("职级", *p.Rank, 30, false)
		p.Rank, err = &v, e
	}
	if err == nil && p.Phone != nil {
		v, e := validatePhone(*p.Phone)
		p.Phone, err = &v, e
	}
	if err == nil && p.Email != nil {
		v, e := ValidateEmail(*p.Email)
		p.Email, err = &v, e
	}
	if err == nil && p.Password != nil {
		err = ValidatePassword(*p.Password)
	}
	return err
}

func (s *Service) applyPatch(ctx context.Context, tx pgx.Tx, a *Actor, u *User, p UserPatch) error {
	path := u.UnitPath
	if p.UnitID != nil && *p.UnitID != u.UnitID {
		unit, err := getUnit(ctx, tx, *p.UnitID)
		if err != nil || !s.Policy.CanManageUser(a, unit.Path) {
			return s.hideUnit(a, unit, err)
		}
		path = unit.Path
	}
	if err := s.updateFields(ctx, tx, u.ID, p); err != nil {
		return err
	}
	if p.Roles != nil {
		if err := s.changeRoles(ctx, tx, a, u, *p.Roles); err != nil {
			return err
		}
	}
	if p.Password != nil {
		if err := setPassword(ctx, tx, u.ID, HashPassword(*p.Password), a.UserID != u.ID); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "user.password_reset", u.ID, path, nil); err != nil {
			return err
		}
	}
	if p.Password != nil || p.Disabled != nil && *p.Disabled {
		if err := deleteSessions(ctx, tx, u.ID); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, a, "user.update", u.ID, path, patchSummary(p))
}

// updateFields writes the patch; the report hears of a change of what it
// counts a person under.
func (s *Service) updateFields(ctx context.Context, tx pgx.Tx, id int64, p UserPatch) error {
	if !p.counted() {
		return updateUserFields(ctx, tx, id, p)
	}
	ids := []int64{id}
	if err := s.reportChanging(ctx, tx, ids); err != nil {
		return err
	}
	if err := updateUserFields(ctx, tx, id, p); err != nil {
		return err
	}
	return s.reportChanged(ctx, tx, ids)
}

func (s *Service) changeRoles(ctx context.Context, tx pgx.Tx, a *Actor, u *User, in []Grant) error {
	roles, err := s.resolveGrants(ctx, tx, a, in)
	if err != nil {
		return err
	}
	// Roles this actor could not grant (a wider scope) are kept as they were.
	for _, old := range u.Roles {
		if old.Role.Scoped() && !s.Policy.CanGrant(a, old) && !hasRole(roles, old.Role) {
			roles = append(roles, old)
		}
	}
	if err := replaceRoles(ctx, tx, u.ID, roles); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, "user.roles", u.ID, u.UnitPath,
		map[string]any{"from": roleNames(u.Roles), "to": roleNames(roles)})
}

func hasRole(gs []Grant, r Role) bool {
	for _, g := range gs {
		if g.Role == r {
			return true
		}
	}
	return false
}

func patchSummary(p UserPatch) map[string]any {
	d := map[string]any{}
	if p.DisplayName != nil {
		d["display_name"] = *p.DisplayName
	}
	if p.UnitID != nil {
		d["unit_id"] = *p.UnitID
	}
	if p.Rank != nil {
		d["rank"] = *p.Rank
	}
	if p.Disabled != nil {
		d["disabled"] = *p.Disabled
	}
	return d
}

// ChangeOwnPassword sets a new password after checking the current one, and
// ends every session of the account.
func (s *Service) ChangeOwnPassword(ctx context.Context, a *Actor, current, next string) error {
	if err := ValidatePassword(next); err != nil {
		return err
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		hash, err := passwordHash(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if !CheckPassword(hash, current) {
			return apperr.New(apperr.Invalid, "wrong_password", "当前密码不正确")
		}
		if current == next {
			return apperr.Invalidf("新密码不能与当前密码相同")
		}
		if err := setPassword(ctx, tx, a.UserID, HashPassword(next), false); err != nil {
			return err
		}
		if err := deleteSessions(ctx, tx, a.UserID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "user.password_change", a.UserID, a.UnitPath, nil)
	})
	s.cache.forgetUser(a.UserID)
	return err
}
