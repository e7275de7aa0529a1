package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/reflection"
)

type reflectionViewData struct {
	Notice
	V         *reflection.View
	Submitted string
	Overlap   int // percent
	Events    []reflectionEvent
	Grades    []string
	Comment   string
}

func (s *Server) reflectionViewPage(c echo.Context) error {
	return s.renderReflectionView(c, http.StatusOK, "", "")
}

func (s *Server) renderReflectionView(c echo.Context, status int, errMsg, comment string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := s.Reflection.Get(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	d := reflectionViewData{V: v, Submitted: reflectionTime(v.Reflection.SubmittedAt), Events: reflectionEvents(v.Events),
		Overlap: int(v.Reflection.Overlap*100 + 0.5), Grades: reflection.Grades, Comment: comment}
	d.Error, d.Flash = errMsg, s.reflectionFlash(c)
	return s.render(c, status, "reflection_view", d)
}

func (s *Server) reflectionReviewSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := reflection.ReviewInput{Decision: c.FormValue("decision"), Comment: c.FormValue("comment"), Grade: c.FormValue("grade")}
	if _, err := s.Reflection.Review(c.Request().Context(), actorOf(c), id, in); err != nil {
		return s.reflectionViewError(c, err, in.Comment)
	}
	return c.Redirect(http.StatusSeeOther, "/reflections/"+strconv.FormatInt(id, 10)+"?ok=reflection_"+in.Decision)
}

func (s *Server) reflectionShareSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.Reflection.Share(c.Request().Context(), actorOf(c), id); err != nil {
		return s.reflectionViewError(c, err, "")
	}
	return c.Redirect(http.StatusSeeOther, "/reflections/"+strconv.FormatInt(id, 10)+"?ok=reflection_shared")
}

// reflectionViewError shows a refused review beside the form; a
// reflection the viewer may not see goes to the error page.
func (s *Server) reflectionViewError(c echo.Context, err error, comment string) error {
	st, msg, inline := s.inlineError(c, err)
	if !inline || st == http.StatusNotFound {
		return err
	}
	return s.renderReflectionView(c, st, msg, comment)
}

type reflectionRuleData struct {
	Notice
	CourseID int64
	Rule     *reflection.Rule
	Min      int
	Max      int
}

func (s *Server) reflectionRulePage(c echo.Context) error {
	return s.renderReflectionRule(c, http.StatusOK, "")
}

func (s *Server) renderReflectionRule(c echo.Context, status int, errMsg string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Reflection.CheckTeaches(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	rule, err := s.Reflection.CourseRule(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	d := reflectionRuleData{CourseID: id, Rule: rule, Min: reflection.MinMinChars, Max: reflection.MaxMinChars}
	d.Error, d.Flash = errMsg, s.reflectionFlash(c)
	return s.render(c, status, "reflection_rule", d)
}

func (s *Server) reflectionRuleSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(c.FormValue("min_chars"))
	in := reflection.RuleInput{Required: c.FormValue("required") != "", MinChars: n, Prompt: c.FormValue("prompt")}
	if _, err := s.Reflection.SetRule(c.Request().Context(), actorOf(c), id, in); err != nil {
		st, msg, inline := s.inlineError(c, err)
		if !inline || st == http.StatusNotFound || st == http.StatusForbidden {
			return err
		}
		return s.renderReflectionRule(c, st, msg)
	}
	return c.Redirect(http.StatusSeeOther, "/reflection/courses/"+strconv.FormatInt(id, 10)+"/rule?ok=reflection_rule_saved")
}
