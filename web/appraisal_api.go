package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
)

func (s *Server) apiAppraisalTarget(c echo.Context) error {
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	_, r, err := s.Appraisal.TargetDetail(c.Request().Context(), actorOf(c), id, tid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiAppraisalFollowUp(c echo.Context) error {
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	var in appraisal.FollowUp
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Appraisal.SaveFollowUp(c.Request().Context(), actorOf(c), id, tid, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiAppraisalForm(c echo.Context) error {
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	v, err := s.Appraisal.ForAnswer(c.Request().Context(), actorOf(c), id, tid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// apiAppraisalBallot answers only "submitted": nothing about the ballot
// comes back, so no response carries a respondent next to an answer.
func (s *Server) apiAppraisalBallot(c echo.Context) error {
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	var in appraisal.BallotInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.Appraisal.Submit(c.Request().Context(), actorOf(c), id, tid, in); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]bool{"submitted": true})
}

func (s *Server) apiAppraisalTemplates(c echo.Context) error {
	list, err := s.Appraisal.Templates(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"templates": list})
}

func (s *Server) apiAppraisalTemplateCreate(c echo.Context) error {
	var in appraisal.TemplateInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Appraisal.SaveTemplate(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) apiMyAppraisals(c echo.Context) error {
	todo, results, err := s.Appraisal.MyAssignments(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"todo": todo, "results": results})
}
