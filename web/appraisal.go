package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
	"lms/internal/apperr"
)

// appraisalRoutes registers the 群众评议 API and, under /appraisals, its
// pages. Every rule is the appraisal package's (appraisal/policy.go).
func (s *Server) appraisalRoutes(g *echo.Group) {
	g.GET("/appraisals", s.apiAppraisals, requireLogin)
	g.POST("/appraisals", s.apiAppraisalCreate, requireLogin)
	g.GET("/appraisals/:id", s.apiAppraisalProgress, requireLogin)
	g.POST("/appraisals/:id/close", s.apiAppraisalClose, requireLogin)
	g.POST("/appraisals/:id/release", s.apiAppraisalRelease, requireLogin)
	g.PUT("/appraisals/:id/thresholds", s.apiAppraisalThresholds, requireLogin)
	g.POST("/appraisals/:id/remind", s.apiAppraisalRemind, requireLogin)
	g.GET("/appraisals/:id/results", s.apiAppraisalResults, requireLogin)
	g.GET("/appraisals/:id/talks", s.apiAppraisalTalks, requireLogin)
	g.GET("/appraisals/:id/export", s.appraisalExport, requireLogin)
	g.GET("/appraisals/:id/targets/:target", s.apiAppraisalTarget, requireLogin)
	g.PUT("/appraisals/:id/targets/:target/followup", s.apiAppraisalFollowUp, requireLogin)
	g.GET("/appraisals/:id/targets/:target/form", s.apiAppraisalForm, requireLogin)
	g.POST("/appraisals/:id/targets/:target/ballot", s.apiAppraisalBallot, requireLogin)
	g.GET("/appraisal-templates", s.apiAppraisalTemplates, requireLogin)
	g.POST("/appraisal-templates", s.apiAppraisalTemplateCreate, requireLogin)
	g.GET("/me/appraisals", s.apiMyAppraisals, requireLogin)
	s.appraisalPageRoutes()
}

// campaignTarget reads the :id and :target path parameters.
func campaignTarget(c echo.Context) (int64, int64, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return 0, 0, err
	}
	tid, err := idParam(c, "target")
	return id, tid, err
}

func (s *Server) apiAppraisals(c echo.Context) error {
	list, err := s.Appraisal.Campaigns(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"campaigns": list})
}

func (s *Server) apiAppraisalCreate(c echo.Context) error {
	var in appraisal.CampaignInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Appraisal.CreateCampaign(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) apiAppraisalProgress(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Appraisal.Progress)
}

func (s *Server) apiAppraisalClose(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Appraisal.Close)
}

func (s *Server) apiAppraisalRelease(c echo.Context) error {
	var in struct {
		Released *bool `json:"released"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Released == nil {
		return apperr.Invalidf("请说明是否公布（released）")
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	out, err := s.Appraisal.Release(c.Request().Context(), actorOf(c), id, *in.Released)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiAppraisalThresholds(c echo.Context) error {
	var in struct {
		Dissatisfied *float64 `json:"talk_dissatisfied"`
		Score        *float64 `json:"talk_score"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Dissatisfied == nil || in.Score == nil {
		return apperr.Invalidf("请填写约谈标准（talk_dissatisfied 与 talk_score）")
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	out, err := s.Appraisal.SetThresholds(c.Request().Context(), actorOf(c), id, *in.Dissatisfied, *in.Score)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiAppraisalRemind(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	n, err := s.Appraisal.Remind(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"reminded": n})
}

func (s *Server) apiAppraisalResults(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Appraisal.Results)
}

func (s *Server) apiAppraisalTalks(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Appraisal.TalkList)
}
