package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
)

// unitView is one unit of the tree page.
type unitView struct {
	ID       int64
	Name     string
	Kind     string
	Users    int64 // members of the unit itself
	Total    int64 // members of the unit and every unit below it
	Manage   bool  // the viewer may rename it and add units under it
	Movable  bool  // … and move it (never the root of the viewer's own tree)
	Open     bool  // its children show without a click
	Editing  bool  // its forms show open, after a failed POST
	Kinds    []string
	Children []*unitView
}

// unitCtx carries the page into the recursive "unit-node" template.
type unitCtx struct {
	N *unitView
	P *page
}

// In pairs the unit with the page, for {{template "unit-node" (.In $)}}.
func (u *unitView) In(p *page) unitCtx { return unitCtx{N: u, P: p} }

type orgsData struct {
	Notice
	Roots []*unitView
	Kinds []string
}

// openDepth: levels below it start collapsed, so a large tree stays short.
const openDepth = 2

func (s *Server) orgsPage(c echo.Context) error {
	return s.renderOrgs(c, http.StatusOK, 0, Notice{Flash: s.flash(c)})
}

func (s *Server) renderOrgs(c echo.Context, status int, editing int64, n Notice) error {
	a := actorOf(c)
	tree, err := s.Org.Tree(c.Request().Context(), a)
	if err != nil {
		return err
	}
	roots := s.unitViews(a, tree, 0, editing)
	return s.render(c, status, "admin_orgs", orgsData{Notice: n, Roots: roots, Kinds: org.UnitKinds})
}

func (s *Server) unitViews(a *org.Actor, nodes []*org.TreeNode, depth int, editing int64) []*unitView {
	out := make([]*unitView, 0, len(nodes))
	for _, n := range nodes {
		manage := s.Org.Policy.CanManageUnit(a, n.Path)
		u := &unitView{ID: n.ID, Name: n.Name, Kind: n.Kind, Users: n.UserCount, Total: n.UserCount,
			Manage: manage, Movable: manage && depth > 0, Open: depth < openDepth, Editing: n.ID == editing,
			Kinds: kindChoices(n.Kind), Children: s.unitViews(a, n.Children, depth+1, editing)}
		for _, ch := range u.Children {
			u.Total += ch.Total
		}
		out = append(out, u)
	}
	return out
}

// kindChoices offers the usual kinds plus the unit's own, when it is another.
func kindChoices(kind string) []string {
	if slices.Contains(org.UnitKinds, kind) {
		return org.UnitKinds
	}
	return append([]string{kind}, org.UnitKinds...)
}

// orgFormFailed shows a domain error above the tree, with the forms of the
// unit concerned open; internal errors go to the error page.
func (s *Server) orgFormFailed(c echo.Context, editing int64, err error) error {
	st, msg, ok := s.inlineError(c, err)
	if !ok {
		return err
	}
	if rerr := s.renderOrgs(c, st, editing, Notice{Error: msg}); rerr != nil {
		return err
	}
	return nil
}

func (s *Server) orgCreateSubmit(c echo.Context) error {
	parentID, err := parseID(c.FormValue("parent_id"))
	if err != nil {
		return s.orgFormFailed(c, 0, err)
	}
	u, err := s.Org.CreateUnit(c.Request().Context(), actorOf(c), parentID, c.FormValue("name"), c.FormValue("kind"))
	if err != nil {
		return s.orgFormFailed(c, parentID, err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/orgs?ok=unit_created#u%d", u.ID))
}

func (s *Server) orgRenameSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Org.RenameUnit(c.Request().Context(), actorOf(c), id, c.FormValue("name"), c.FormValue("kind")); err != nil {
		return s.orgFormFailed(c, id, err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/orgs?ok=unit_renamed#u%d", id))
}

type moveData struct {
	Notice
	Unit     *org.Unit
	ParentID int64
	Parents  []unitOption
}

func (s *Server) orgMovePage(c echo.Context) error {
	return s.renderMove(c, http.StatusOK, Notice{})
}

// renderMove offers as new parents the units the viewer manages, less the
// unit's own subtree.
func (s *Server) renderMove(c echo.Context, status int, n Notice) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	a := actorOf(c)
	u, err := s.Org.Unit(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	if !s.Org.Policy.CanManageUnit(a, u.Path) {
		return apperr.Forbiddenf("无权修改该组织")
	}
	_, opts, err := s.unitOptions(c)
	if err != nil {
		return err
	}
	d := moveData{Notice: n, Unit: u, ParentID: deref(u.ParentID)}
	for _, o := range manageable(opts) {
		if !org.Within(o.Path, u.Path) {
			d.Parents = append(d.Parents, o)
		}
	}
	return s.render(c, status, "admin_org_move", d)
}

func (s *Server) orgMoveSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	parentID, err := parseID(c.FormValue("parent_id"))
	if err == nil {
		err = s.Org.MoveUnit(c.Request().Context(), actorOf(c), id, parentID)
	}
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		if rerr := s.renderMove(c, st, Notice{Error: msg}); rerr != nil {
			return err
		}
		return nil
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/orgs?ok=unit_moved#u%d", id))
}
