package web

import (
	"errors"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
)

// adminPageRoutes registers the admin pages: org tree, users, import, audit.
// The org.Service decides who may see and change what; the pages only hide
// the forms a viewer could not use anyway.
func (s *Server) adminPageRoutes(g *echo.Group) {
	g.GET("/admin/orgs", s.orgsPage)
	g.POST("/admin/orgs", s.orgCreateSubmit)
	g.POST("/admin/orgs/:id", s.orgRenameSubmit)
	g.GET("/admin/orgs/:id/move", s.orgMovePage)
	g.POST("/admin/orgs/:id/move", s.orgMoveSubmit)

	g.GET("/admin/users", s.usersPage)
	g.GET("/admin/users/new", s.userNewPage, s.adminOnly)
	g.POST("/admin/users", s.userCreateSubmit)
	g.GET("/admin/users/:id", s.userPage)
	g.POST("/admin/users/:id", s.userUpdateSubmit)
	g.POST("/admin/users/:id/password", s.userPasswordSubmit)
	g.POST("/admin/users/:id/disable", s.userDisableSubmit)

	g.GET("/admin/import", s.importPage, s.adminOnly)
	g.POST("/admin/import", s.importSubmit, s.adminOnly)
	g.GET("/admin/import/template.xlsx", s.importTemplate, s.adminOnly)

	g.GET("/admin/audit", s.auditPage)
}

// adminOnly guards pages that call no domain function before showing a form
// (the import page, the new-user form), so the refusal comes before the form.
func (s *Server) adminOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a := actorOf(c); a == nil || !a.System && !a.Has(org.RoleAdmin) {
			return apperr.Forbiddenf("%s", s.t(c, "error.admin_only"))
		}
		return next(c)
	}
}

// Notice is the success or error line shown above a page's content.
type Notice struct {
	Flash string
	Error string
}

// flash translates ?ok=NAME, set by a redirect after a successful POST.
func (s *Server) flash(c echo.Context) string {
	if v := c.QueryParam("ok"); v != "" {
		if msg, ok := s.views.catalogs[s.lang(c)]["ok."+v]; ok {
			return msg
		}
	}
	return ""
}

// inlineError gives the status and message of an error a form should show
// beside itself; ok is false for internal errors, which go to the error page.
func (s *Server) inlineError(c echo.Context, err error) (int, string, bool) {
	var ae *apperr.Error
	var he *echo.HTTPError
	if !errors.As(err, &ae) && !errors.As(err, &he) {
		return 0, "", false
	}
	st, _, msg := s.toPublic(c, err)
	return st, msg, st < 500
}

// tr translates key with args in the viewer's language.
func (s *Server) tr(c echo.Context, key string, args ...any) string {
	return (&pageT{s: s, c: c}).T(key, args...)
}

// pageTr is tr bound to the request, for helpers that translate.
func (s *Server) pageTr(c echo.Context) func(string, ...any) string {
	return func(key string, args ...any) string { return s.tr(c, key, args...) }
}

// trOr translates key, or gives fallback when the catalog lacks it.
func (s *Server) trOr(c echo.Context, key, fallback string) string {
	if msg, ok := s.views.catalogs[s.lang(c)][key]; ok {
		return msg
	}
	return fallback
}

// unitOption is one unit in a <select>, indented by its depth.
type unitOption struct {
	ID     int64
	Label  string
	Path   string
	Manage bool
}

// unitOptions lists the units the viewer sees, parents before children.
func (s *Server) unitOptions(c echo.Context) ([]*org.TreeNode, []unitOption, error) {
	a := actorOf(c)
	tree, err := s.Org.Tree(c.Request().Context(), a)
	if err != nil {
		return nil, nil, err
	}
	return tree, s.flattenUnits(a, tree, 0, nil), nil
}

func (s *Server) flattenUnits(a *org.Actor, nodes []*org.TreeNode, depth int, out []unitOption) []unitOption {
	for _, n := range nodes {
		out = append(out, unitOption{ID: n.ID, Label: strings.Repeat("　", depth) + n.Name, Path: n.Path,
			Manage: s.Org.Policy.CanManageUnit(a, n.Path)})
		out = s.flattenUnits(a, n.Children, depth+1, out)
	}
	return out
}

// manageable keeps the units the viewer may change.
func manageable(opts []unitOption) []unitOption {
	var out []unitOption
	for _, o := range opts {
		if o.Manage {
			out = append(out, o)
		}
	}
	return out
}

// roleLabel names a grant in the viewer's language, with its scope.
func (s *Server) roleLabel(c echo.Context, g org.Grant) string {
	name := s.tr(c, "role."+string(g.Role))
	if g.Role.Scoped() && g.ScopeName != "" {
		return s.tr(c, "role.scoped", name, g.ScopeName)
	}
	return name
}

func (s *Server) roleLabels(c echo.Context, gs []org.Grant) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = s.roleLabel(c, g)
	}
	return strings.Join(names, s.t(c, "list.sep"))
}
