package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
	"lms/reflection"
)

// reflectionScopes are the subtrees whose reflection figures the viewer
// sees.
func (s *Server) reflectionScopes(c echo.Context) []string {
	return actorOf(c).ScopePaths(org.RoleCommittee, org.RoleAdmin)
}

// reflectionScope turns ?unit_id= into the unit's path (the viewer's
// first scope when empty); a unit the viewer cannot see is refused.
func (s *Server) reflectionScope(c echo.Context, unitID string) (string, error) {
	if unitID == "" {
		if scopes := s.reflectionScopes(c); len(scopes) > 0 {
			return scopes[0], nil
		}
		return "", apperr.Forbiddenf("只有党委（组织部门）或管理员可以查看心得统计")
	}
	id, err := reflectionOptionalID(unitID)
	if err != nil {
		return "", err
	}
	_, opts, err := s.unitOptions(c)
	if err != nil {
		return "", err
	}
	for _, o := range opts {
		if o.ID == id {
			return o.Path, nil
		}
	}
	return "", apperr.Forbiddenf("只能查看您所在党委（组织）范围内的心得统计")
}

// reflectionFigureRow is one unit's figures with its name.
type reflectionFigureRow struct {
	Unit string `json:"unit"`
	reflection.UnitFigures
}

func (s *Server) namedFigures(c echo.Context, figs []reflection.UnitFigures) []reflectionFigureRow {
	names := map[string]string{}
	if _, opts, err := s.unitOptions(c); err == nil {
		for _, o := range opts {
			names[o.Path] = strings.TrimLeft(o.Label, "　")
		}
	}
	out := make([]reflectionFigureRow, len(figs))
	for i, f := range figs {
		out[i] = reflectionFigureRow{Unit: names[f.UnitPath], UnitFigures: f}
		if out[i].Unit == "" {
			out[i].Unit = f.UnitPath
		}
	}
	return out
}

type reflectionReportData struct {
	Units  []unitOption
	UnitID int64
	Rows   []reflectionFigureRow
	Total  reflection.UnitFigures
}

func (s *Server) reflectionReportPage(c echo.Context) error {
	path, err := s.reflectionScope(c, c.QueryParam("org"))
	if err != nil {
		return err
	}
	figs, err := s.Reflection.Figures(c.Request().Context(), actorOf(c), path, 0)
	if err != nil {
		return err
	}
	_, opts, err := s.unitOptions(c)
	if err != nil {
		return err
	}
	d := reflectionReportData{Units: opts, Rows: s.namedFigures(c, figs)}
	for _, o := range opts {
		if o.Path == path {
			d.UnitID = o.ID
		}
	}
	for _, r := range d.Rows {
		d.Total.Submitted += r.Submitted
		d.Total.Waiting += r.Waiting
		d.Total.Approved += r.Approved
		d.Total.Returned += r.Returned
		d.Total.Flagged += r.Flagged
	}
	return s.render(c, http.StatusOK, "reflection_report", d)
}
