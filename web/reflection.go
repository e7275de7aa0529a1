package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
	"lms/reflection"
)

// reflectionRoutes registers the 心得体会 API and, under /reflection, its
// pages. Who may do what is decided in reflection/policy.go.
func (s *Server) reflectionRoutes(g *echo.Group) {
	g.GET("/courses/:id/reflection-rule", s.apiReflectionRule, requireLogin)
	g.PUT("/courses/:id/reflection-rule", s.apiReflectionSetRule, requireLogin)
	g.GET("/courses/:id/reflection", s.apiMyReflection, requireLogin)
	g.PUT("/courses/:id/reflection", s.apiReflectionSave, requireLogin)
	g.POST("/courses/:id/reflection/submit", s.apiReflectionSubmit, requireLogin)
	g.GET("/reflections", s.apiReflectionsWaiting, requireLogin)
	g.GET("/reflections/:id", s.apiReflection, requireLogin)
	g.POST("/reflections/:id/review", s.apiReflectionReview, requireLogin)
	g.POST("/reflections/:id/share", s.apiReflectionShare, requireLogin)
	g.GET("/reflection-figures", s.apiReflectionFigures, requireLogin)
}

func (s *Server) apiReflectionRule(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), func(ctx context.Context, a *org.Actor, id int64) (map[string]any, error) {
		r, err := s.Reflection.CourseRule(ctx, a, id)
		return map[string]any{"rule": r}, err
	})
}

func (s *Server) apiReflectionSetRule(c echo.Context) error {
	return idAndBody(c, http.StatusOK, actorOf(c), func(ctx context.Context, a *org.Actor, id int64, in reflection.RuleInput) (map[string]any, error) {
		r, err := s.Reflection.SetRule(ctx, a, id, in)
		return map[string]any{"rule": r}, err
	})
}

func (s *Server) apiMyReflection(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Reflection.Mine)
}

func (s *Server) apiReflectionSave(c echo.Context) error {
	return idAndBody(c, http.StatusOK, actorOf(c), s.Reflection.Save)
}

func (s *Server) apiReflectionSubmit(c echo.Context) error {
	return idAndBody(c, http.StatusOK, actorOf(c), s.Reflection.Submit)
}

func (s *Server) apiReflectionsWaiting(c echo.Context) error {
	list, err := s.Reflection.Waiting(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"reflections": list})
}

func (s *Server) apiReflection(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Reflection.Get)
}

func (s *Server) apiReflectionReview(c echo.Context) error {
	return idAndBody(c, http.StatusOK, actorOf(c), s.Reflection.Review)
}

func (s *Server) apiReflectionShare(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Reflection.Share)
}

// apiReflectionFigures gives the figures per unit of ?unit_id= (the
// viewer's first committee or admin scope when absent), optionally of one
// ?course_id=.
func (s *Server) apiReflectionFigures(c echo.Context) error {
	ctx, a := c.Request().Context(), actorOf(c)
	path, err := s.reflectionScope(c, c.QueryParam("unit_id"))
	if err != nil {
		return err
	}
	courseID, err := reflectionOptionalID(c.QueryParam("course_id"))
	if err != nil {
		return err
	}
	figs, err := s.Reflection.Figures(ctx, a, path, courseID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"units": s.namedFigures(c, figs)})
}

func reflectionOptionalID(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.Invalidf("编号无效")
	}
	return n, nil
}
