package org

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// User is an account of the platform.
type User struct {
	ID                 int64     `json:"id"`
	Username           string    `json:"username"`
	DisplayName        string    `json:"display_name"`
	UnitID             int64     `json:"unit_id"`
	UnitName           string    `json:"unit_name"`
	UnitPath           string    `json:"-"`
	Rank               string    `json:"rank"`
	Phone              string    `json:"phone"`
	Email              string    `json:"email"`
	Disabled           bool      `json:"disabled"`
	MustChangePassword bool      `json:"must_change_password"`
	Roles              []Grant   `json:"roles"`
	CreatedAt          time.Time `json:"created_at"`
}

// Has reports whether the user holds role.
func (u *User) Has(role Role) bool {
	for _, g := range u.Roles {
		if g.Role == role {
			return true
		}
	}
	return false
}

// UserInput is a new account.
type UserInput struct {
	Username    string  `json:"username"`
	DisplayName string  `json:"display_name"`
	UnitID      int64   `json:"unit_id"`
	Rank        string  `json:"rank"`
	Phone       string  `json:"phone"`
	Email       string  `json:"email"`
	Password    string  `json:"password"`
	Roles       []Grant `json:"roles"`
}

// UserPatch changes the fields that are set.
type UserPatch struct {
	DisplayName *string  `json:"display_name"`
	UnitID      *int64   `json:"unit_id"`
	Rank        *string  `json:"rank"`
	Phone       *string  `json:"phone"`
	Email       *string  `json:"email"`
	Disabled    *bool    `json:"disabled"`
	Password    *string  `json:"password"`
	Roles       *[]Grant `json:"roles"`
}

// Ranks are the common 职级 offered in forms; other values are accepted.
var Ranks = []string{"局级", "正处级", "副处级", "正科级", "副科级", "科员", "其他"}

var usernameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$`)
var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 -]{4,19}$`)

// ValidateUsername checks an account name: 2-64 letters, digits, _ . @ -.
func ValidateUsername(name string) error {
	if !usernameRe.MatchString(name) {
		return apperr.Invalidf("账号须为 2 到 64 个字母、数字或 _ . @ -，并以字母或数字开头")
	}
	return nil
}

func validateText(field, v string, max int, required bool) (string, error) {
	v = strings.TrimSpace(v)
	if required && v == "" {
		return "", apperr.Invalidf("%s不能为空", field)
	}
	if len([]rune(v)) > max || strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return "", apperr.Invalidf("%s不能超过 %d 个字符，也不能包含控制字符", field, max)
	}
	return v, nil
}

func validatePhone(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p != "" && !phoneRe.MatchString(p) {
		return "", apperr.Invalidf("手机号格式不正确：%s", p)
	}
	return p, nil
}

func (in *UserInput) normalize() error {
	if errs := in.fieldErrors(); len(errs) > 0 {
		return errs[0]
	}
	if len(in.Roles) == 0 {
		in.Roles = []Grant{{Role: RoleLearner}}
	}
	return ValidatePassword(in.Password)
}

// CreateUser adds an account in a unit the actor manages.
func (s *Service) CreateUser(ctx context.Context, a *Actor, in UserInput) (*User, error) {
	if err := in.normalize(); err != nil {
		return nil, err
	}
	hash := HashPassword(in.Password)
	var id int64
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		unit, err := getUnit(ctx, tx, in.UnitID)
		if err != nil || !s.Policy.CanManageUser(a, unit.Path) {
			return s.hideUnit(a, unit, err)
		}
		roles, err := s.resolveGrants(ctx, tx, a, in.Roles)
		if err != nil {
			return err
		}
		// A password an administrator chose is the user's to replace.
		if id, err = insertUser(ctx, tx, in, hash, !a.System); err != nil {
			return err
		}
		if err := s.reportChanged(ctx, tx, []int64{id}); err != nil {
			return err
		}
		if err := replaceRoles(ctx, tx, id, roles); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "user.create", id, unit.Path, map[string]any{"username": in.Username, "roles": roleNames(roles)})
	})
	if err != nil {
		return nil, err
	}
	return getUser(ctx, s.db, id)
}

// resolveGrants checks each role and fills in the scope's path; a scoped
// role without a scope is given the user's own unit by the caller.
func (s *Service) resolveGrants(ctx context.Context, q db.DBTX, a *Actor, in []Grant) ([]Grant, error) {
	seen := map[Role]bool{}
	out := make([]Grant, 0, len(in))
	for _, g := range in {
		if !g.Role.Valid() {
			return nil, apperr.Invalidf("未知角色：%s", g.Role)
		}
		if seen[g.Role] {
			continue
		}
		seen[g.Role] = true
		if !g.Role.Scoped() {
			out = append(out, Grant{Role: g.Role})
			continue
		}
		if g.ScopeUnitID == 0 {
			return nil, apperr.Invalidf("角色 %s 须指定管辖组织", g.Role)
		}
		unit, err := getUnit(ctx, q, g.ScopeUnitID)
		if err != nil {
			return nil, err
		}
		g.ScopePath, g.ScopeName = unit.Path, unit.Name
		if !s.Policy.CanGrant(a, g) {
			return nil, apperr.Forbiddenf("无权授予该组织范围的%s角色", g.Role)
		}
		out = append(out, g)
	}
	return out, nil
}

func roleNames(gs []Grant) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g.Role)
	}
	return out
}

// User returns one account the actor may see (404 otherwise).
func (s *Service) User(ctx context.Context, a *Actor, id int64) (*User, error) {
	u, err := getUser(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !s.Policy.CanViewUser(a, u.ID, u.UnitPath) {
		return nil, apperr.NotFoundf("用户不存在")
	}
	return u, nil
}

// UserByUsername returns an account by name, for the command line.
func (s *Service) UserByUsername(ctx context.Context, username string) (*User, error) {
	return getUserByName(ctx, s.db, username)
}

// UserFilter selects a page of accounts.
type UserFilter struct {
	UnitID  int64
	Query   string
	Page    int
	PerPage int
}

// UserPage is one page of a user list.
type UserPage struct {
	Users   []User `json:"users"`
	Total   int64  `json:"total"`
	Page    int    `json:"page"`
	PerPage int    `json:"per_page"`
}

// ListUsers returns the accounts of a unit's subtree the actor may see.
func (s *Service) ListUsers(ctx context.Context, a *Actor, f UserFilter) (*UserPage, error) {
	f.Page = max(f.Page, 1)
	if f.PerPage <= 0 || f.PerPage > 200 {
		f.PerPage = 50
	}
	scopes := a.ScopePaths(RoleCommittee, RoleAdmin)
	if f.UnitID != 0 {
		u, err := s.Unit(ctx, a, f.UnitID)
		if err != nil {
			return nil, err
		}
		scopes = []string{u.Path}
	} else if !a.System && len(scopes) == 0 {
		return nil, apperr.Forbiddenf("无权查看用户列表")
	}
	users, total, err := listUsers(ctx, s.db, scopes, a.System && f.UnitID == 0, strings.TrimSpace(f.Query), f.Page, f.PerPage)
	if err != nil {
		return nil, err
	}
	return &UserPage{Users: users, Total: total, Page: f.Page, PerPage: f.PerPage}, nil
}

// fieldErrors checks and cleans the account's fields, every one of them:
// a roster row with three mistakes reports all three at once.
func (in *UserInput) fieldErrors() []error {
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	in.Username = strings.TrimSpace(in.Username)
	keep(ValidateUsername(in.Username))
	in.DisplayName, err = validateText("姓名", in.DisplayName, 50, true)
	keep(err)
	in.Rank, err = validateText("职级", in.Rank, 30, false)
	keep(err)
	in.Phone, err = validatePhone(in.Phone)
	keep(err)
	in.Email, err = ValidateEmail(in.Email)
	keep(err)
	return errs
}

// RanksIn lists the 职级 in use in the subtree at path: the common ones
// (Ranks) first in their order, then the others alphabetically, so a form
// offers only ranks that match somebody.
func (s *Service) RanksIn(ctx context.Context, path string) ([]string, error) {
	ranks, err := ranksIn(ctx, s.db, path)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ranks, func(a, b string) int {
		ia, ib := rankOrder(a), rankOrder(b)
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(a, b)
	})
	return ranks, nil
}

func rankOrder(r string) int {
	if i := slices.Index(Ranks, r); i >= 0 {
		return i
	}
	return len(Ranks)
}
