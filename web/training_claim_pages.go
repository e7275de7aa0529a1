package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/org"
	"lms/training"
)

func (s *Server) claimPageRoutes(g *echo.Group) {
	g.GET("/claims", s.claimsPage)
	g.POST("/claims", s.claimSubmitPage)
	g.POST("/claims/:id/decision", s.claimDecideSubmit)
	g.POST("/claim-rules/:kind", s.claimRuleSubmit)
}

type claimsPageData struct {
	Notice
	Mine    []training.Claim
	Pending []training.Claim
	Rules   []training.Rule
	Labels  map[string]string
	Decides bool
	Admin   bool
}

func (s *Server) claimsPage(c echo.Context) error {
	ctx, a := c.Request().Context(), actorOf(c)
	d := claimsPageData{Notice: Notice{Flash: s.trainingFlash(c)}, Labels: map[string]string{},
		Decides: a.Has(org.RoleCommittee) || a.Has(org.RoleAdmin), Admin: a.Has(org.RoleAdmin)}
	var err error
	if d.Rules, err = s.Training.Rules(ctx); err != nil {
		return err
	}
	for _, r := range d.Rules {
		d.Labels[r.Kind] = r.Label
	}
	if d.Mine, err = s.Training.MyClaims(ctx, a); err != nil {
		return err
	}
	if d.Decides {
		d.Pending, err = s.Training.PendingClaims(ctx, a)
	}
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "training_claims", d)
}

func (s *Server) claimSubmitPage(c echo.Context) error {
	if _, err := s.submitClaim(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/training/claims?ok=saved")
}

func (s *Server) claimDecideSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	hours, _ := strconv.ParseFloat(c.FormValue("hours"), 64)
	d := training.ClaimDecision{Approve: c.FormValue("approve") == "1", Hours: hours, Reason: c.FormValue("reason")}
	if _, err := s.Training.DecideClaim(c.Request().Context(), actorOf(c), id, d); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/training/claims?ok=saved")
}

func (s *Server) claimRuleSubmit(c echo.Context) error {
	cap, _ := strconv.ParseFloat(c.FormValue("cap"), 64)
	if err := s.Training.SetRule(c.Request().Context(), actorOf(c), c.Param("kind"), cap); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/training/claims?ok=saved")
}
