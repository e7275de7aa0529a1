package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
)

const usersPerPage = 50

// userRow is one line of the user list.
type userRow struct {
	ID          int64
	Username    string
	DisplayName string
	UnitName    string
	Rank        string
	Roles       string
	Disabled    bool
}

type usersData struct {
	Notice
	Rows      []userRow
	Total     int64
	Query     string
	OrgID     int64
	Units     []unitOption
	Pager     pager
	CanCreate bool
}

func (s *Server) usersPage(c echo.Context) error {
	f, err := userFilter(c)
	if err != nil {
		return err
	}
	f.PerPage = usersPerPage
	res, err := s.Org.ListUsers(c.Request().Context(), actorOf(c), f)
	if err != nil {
		return err
	}
	_, units, err := s.unitOptions(c)
	if err != nil {
		return err
	}
	d := usersData{Notice: Notice{Flash: s.flash(c)}, Total: res.Total, Query: f.Query, OrgID: f.UnitID,
		Units: units, CanCreate: len(manageable(units)) > 0,
		Pager: s.newPager(c, res.Page, int64(res.Page*res.PerPage) < res.Total)}
	for _, u := range res.Users {
		d.Rows = append(d.Rows, userRow{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
			UnitName: u.UnitName, Rank: u.Rank, Roles: s.roleLabels(c, u.Roles), Disabled: u.Disabled})
	}
	return s.render(c, http.StatusOK, "admin_users", d)
}

// userForm is what the new-user and edit forms hold, so that a refused form
// comes back with what was typed.
type userForm struct {
	Username    string
	DisplayName string
	UnitID      int64
	Rank        string
	Phone       string
	Email       string
	Password    string
	Checked     map[org.Role]bool
	Scope       map[org.Role]int64 // 0: the user's own unit
}

func formFromUser(u *org.User) userForm {
	f := userForm{Username: u.Username, DisplayName: u.DisplayName, UnitID: u.UnitID, Rank: u.Rank, Phone: u.Phone,
		Email: u.Email, Checked: map[org.Role]bool{}, Scope: map[org.Role]int64{}}
	for _, g := range u.Roles {
		f.Checked[g.Role] = true
		f.Scope[g.Role] = g.ScopeUnitID
	}
	return f
}

func readUserForm(c echo.Context) (userForm, error) {
	f := userForm{Checked: map[org.Role]bool{}, Scope: map[org.Role]int64{}}
	params, err := c.FormParams()
	if err != nil {
		return f, apperr.Invalidf("表单无法解析")
	}
	f.Username, f.DisplayName, f.Rank = params.Get("username"), params.Get("display_name"), params.Get("rank")
	f.Phone, f.Email, f.Password = params.Get("phone"), params.Get("email"), params.Get("password")
	for _, r := range params["roles"] {
		f.Checked[org.Role(r)] = true
	}
	for _, r := range org.Roles {
		if v := params.Get("scope_" + string(r)); v != "" && r.Scoped() {
			if f.Scope[r], err = parseID(v); err != nil {
				return f, err
			}
		}
	}
	if v := params.Get("unit_id"); v != "" {
		f.UnitID, err = parseID(v)
	}
	if f.UnitID == 0 && err == nil {
		err = apperr.Invalidf("请选择组织")
	}
	return f, err
}

// grants turns the checked roles into grants; a scoped role with no scope
// chosen covers the user's own unit.
func (f userForm) grants() []org.Grant {
	var out []org.Grant
	for _, r := range org.Roles {
		if !f.Checked[r] {
			continue
		}
		g := org.Grant{Role: r}
		if r.Scoped() {
			g.ScopeUnitID = cmp.Or(f.Scope[r], f.UnitID)
		}
		out = append(out, g)
	}
	return out
}

// roleOption is one role checkbox, with its scope select for scoped roles.
type roleOption struct {
	Role    string
	Label   string
	Checked bool
	Scoped  bool
	ScopeID int64
	Locked  string // the scope of a grant wider than the viewer's: shown, not changeable
}

func (s *Server) roleOptions(c echo.Context, f userForm, u *org.User) []roleOption {
	a := actorOf(c)
	out := make([]roleOption, 0, len(org.Roles))
	for _, r := range org.Roles {
		o := roleOption{Role: string(r), Label: s.tr(c, "role."+string(r)), Checked: f.Checked[r],
			Scoped: r.Scoped(), ScopeID: f.Scope[r]}
		if u != nil {
			for _, g := range u.Roles {
				if g.Role == r && !s.Org.Policy.CanGrant(a, g) {
					o.Locked, o.Checked = g.ScopeName, true
				}
			}
		}
		out = append(out, o)
	}
	return out
}

// userPageData serves both the new-user page (User nil) and a user's page.
type userPageData struct {
	Notice
	User        *org.User
	RoleNames   string
	Manage      bool
	Form        userForm
	Units       []unitOption
	RoleOptions []roleOption
	Ranks       []string
}

func (s *Server) userNewPage(c echo.Context) error {
	f := userForm{Checked: map[org.Role]bool{org.RoleLearner: true}, Scope: map[org.Role]int64{}}
	if v := c.QueryParam("org"); v != "" {
		f.UnitID, _ = parseID(v)
	}
	return s.renderUserNew(c, http.StatusOK, f, Notice{})
}

func (s *Server) renderUserNew(c echo.Context, status int, f userForm, n Notice) error {
	_, units, err := s.unitOptions(c)
	if err != nil {
		return err
	}
	return s.render(c, status, "admin_user_new", userPageData{Notice: n, Manage: true, Form: f,
		Units: manageable(units), RoleOptions: s.roleOptions(c, f, nil), Ranks: org.Ranks})
}

func (s *Server) userCreateSubmit(c echo.Context) error {
	f, err := readUserForm(c)
	if err == nil {
		var u *org.User
		u, err = s.Org.CreateUser(c.Request().Context(), actorOf(c), org.UserInput{Username: f.Username,
			DisplayName: f.DisplayName, UnitID: f.UnitID, Rank: f.Rank, Phone: f.Phone, Email: f.Email,
			Password: f.Password, Roles: f.grants()})
		if err == nil {
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/users/%d?ok=user_created", u.ID))
		}
	}
	st, msg, ok := s.inlineError(c, err)
	if !ok {
		return err
	}
	if rerr := s.renderUserNew(c, st, f, Notice{Error: msg}); rerr != nil {
		return err
	}
	return nil
}

func (s *Server) userPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return s.renderUser(c, http.StatusOK, id, nil, Notice{Flash: s.flash(c)})
}

// renderUser shows an account, with its forms when the viewer manages it;
// form, when given, is a refused edit to show again.
func (s *Server) renderUser(c echo.Context, status int, id int64, form *userForm, n Notice) error {
	a := actorOf(c)
	u, err := s.Org.User(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	d := userPageData{Notice: n, User: u, RoleNames: s.roleLabels(c, u.Roles),
		Manage: s.Org.Policy.CanManageUser(a, u.UnitPath), Ranks: org.Ranks}
	if d.Manage {
		_, units, err := s.unitOptions(c)
		if err != nil {
			return err
		}
		d.Form = formFromUser(u)
		if form != nil {
			d.Form = *form
		}
		d.Units, d.RoleOptions = manageable(units), s.roleOptions(c, d.Form, u)
	}
	return s.render(c, status, "admin_user", d)
}

// userFormFailed shows a refused change on the user's page.
func (s *Server) userFormFailed(c echo.Context, id int64, form *userForm, err error) error {
	st, msg, ok := s.inlineError(c, err)
	if !ok {
		return err
	}
	if rerr := s.renderUser(c, st, id, form, Notice{Error: msg}); rerr != nil {
		return err
	}
	return nil
}

func (s *Server) userUpdateSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, err := readUserForm(c)
	if err == nil {
		err = s.updateUser(c, id, f)
	}
	if err != nil {
		return s.userFormFailed(c, id, &f, err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/users/%d?ok=user_saved", id))
}

// updateUser saves the edit form; roles are sent only when they changed, so
// that the audit log does not record a change of roles at every save.
func (s *Server) updateUser(c echo.Context, id int64, f userForm) error {
	ctx, a := c.Request().Context(), actorOf(c)
	u, err := s.Org.User(ctx, a, id)
	if err != nil {
		return err
	}
	p := org.UserPatch{DisplayName: &f.DisplayName, UnitID: &f.UnitID, Rank: &f.Rank, Phone: &f.Phone, Email: &f.Email}
	if roles := f.grants(); s.rolesChanged(a, u.Roles, roles) {
		p.Roles = &roles
	}
	_, err = s.Org.UpdateUser(ctx, a, id, p)
	return err
}

// rolesChanged compares the grants the viewer may change with the form's.
func (s *Server) rolesChanged(a *org.Actor, old, next []org.Grant) bool {
	key := func(g org.Grant) string { return fmt.Sprintf("%s:%d", g.Role, g.ScopeUnitID) }
	var was, now []string
	for _, g := range old {
		if s.Org.Policy.CanGrant(a, g) {
			was = append(was, key(g))
		}
	}
	for _, g := range next {
		now = append(now, key(g))
	}
	slices.Sort(was)
	slices.Sort(now)
	return !slices.Equal(was, now)
}

// userPasswordSubmit sets a new password; the user must change it at the
// next login, and every session of the account ends.
func (s *Server) userPasswordSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	pw := c.FormValue("password")
	if _, err := s.Org.UpdateUser(c.Request().Context(), actorOf(c), id, org.UserPatch{Password: &pw}); err != nil {
		return s.userFormFailed(c, id, nil, err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/users/%d?ok=password_reset", id))
}

// userDisableSubmit disables (disabled=1) or enables (disabled=0) an account.
func (s *Server) userDisableSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	disabled := c.FormValue("disabled") == "1"
	if _, err := s.Org.UpdateUser(c.Request().Context(), actorOf(c), id, org.UserPatch{Disabled: &disabled}); err != nil {
		return s.userFormFailed(c, id, nil, err)
	}
	ok := "user_enabled"
	if disabled {
		ok = "user_disabled"
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/users/%d?ok=%s", id, ok))
}
