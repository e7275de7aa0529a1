package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
	"lms/internal/apperr"
	"lms/org"
)

// appraisalNewData is the form that starts a campaign: a template's form
// (editable), dates, the 需约谈 rule, and each unit of the subtree with the
// person to appraise there (its secretary) or the unit itself.
type appraisalNewData struct {
	Notice
	apView
	Scopes     []org.Grant
	Scope      int64
	Templates  []appraisal.Template
	TemplateID int64
	Title      string
	Indicators string
	Scale      string
	Opens      string
	Closes     string
	Units      []unitMembers
}

type unitMembers struct {
	Unit    org.Unit
	Members []org.Member
	Branch  bool // a 党支部: chosen by default
}

func (s *Server) appraisalNewPage(c echo.Context) error {
	tpl, _ := strconv.ParseInt(c.QueryParam("template"), 10, 64)
	return s.renderNew(c, http.StatusOK, tpl, Notice{})
}

func (s *Server) renderNew(c echo.Context, status int, tplID int64, n Notice) error {
	a := actorOf(c)
	d := appraisalNewData{Notice: n, TemplateID: tplID, Title: c.FormValue("title")}
	for _, g := range a.Grants {
		if g.Role == org.RoleCommittee || g.Role == org.RoleAdmin {
			d.Scopes = append(d.Scopes, g)
		}
	}
	if len(d.Scopes) == 0 {
		return apperr.Forbiddenf("只有党委和管理员可以发起评议")
	}
	d.Scope = d.Scopes[0].ScopeUnitID
	if sc, err := strconv.ParseInt(c.QueryParam("scope"), 10, 64); err == nil {
		d.Scope = sc
	}
	if err := s.fillNewForm(c, &d); err != nil {
		return err
	}
	return s.render(c, status, "appraisal_new", d)
}

func (s *Server) fillNewForm(c echo.Context, d *appraisalNewData) error {
	ctx, a := c.Request().Context(), actorOf(c)
	var err error
	if d.Templates, err = s.Appraisal.Templates(ctx, a); err != nil {
		return err
	}
	f := d.Templates[0].Form
	for _, t := range d.Templates {
		if t.ID == d.TemplateID {
			f = t.Form
		}
	}
	d.Indicators, d.Scale = formLines(f)
	now := time.Now().In(chinaTZ)
	d.Opens, d.Closes = now.Format("2006-01-02"), now.AddDate(0, 0, 14).Format("2006-01-02")
	u, err := s.Org.Unit(ctx, a, d.Scope)
	if err != nil {
		return err
	}
	d.Units, err = s.unitMembers(c, u.Path)
	return err
}

// unitMembers lists the units of the subtree that have members.
func (s *Server) unitMembers(c echo.Context, path string) ([]unitMembers, error) {
	ctx := c.Request().Context()
	units, err := s.Org.UnitsUnder(ctx, path)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	members, err := s.Org.MembersOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	by := map[int64][]org.Member{}
	for _, m := range members {
		by[m.UnitID] = append(by[m.UnitID], m)
	}
	var out []unitMembers
	for _, u := range units {
		if len(by[u.ID]) > 0 {
			out = append(out, unitMembers{Unit: u, Members: by[u.ID], Branch: u.Kind == "党支部"})
		}
	}
	return out, nil
}

func formLines(f appraisal.Form) (string, string) {
	var ind, sc []string
	for _, in := range f.Indicators {
		ind = append(ind, fmt.Sprintf("%s %d", in.Name, in.Weight))
	}
	for _, st := range f.Scale {
		sc = append(sc, fmt.Sprintf("%s %g", st.Label, st.Points))
	}
	return strings.Join(ind, "\n"), strings.Join(sc, "\n")
}
