package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
	"lms/search"
)

func (s *Server) searchRoutes(api *echo.Group) {
	if s.Search == nil {
		return
	}
	page := []echo.MiddlewareFunc{requireLogin, s.mustChangePassword}
	s.e.GET("/search", s.searchPage, page...)
	s.e.GET("/search/problems", s.searchProblemsPage, page...)
	api.GET("/search", s.apiSearch, requireLogin)
	api.GET("/search/suggest", s.apiSuggest, requireLogin)
	api.GET("/search/problems", s.apiSearchProblems, requireLogin)
}

// viewer is who searches. Only the account decides what they may see:
// no request parameter reaches the permission filter.
func viewer(c echo.Context) search.Viewer {
	a := actorOf(c)
	return search.Viewer{UserID: a.UserID, Admin: a.Has(org.RoleAdmin), Trainer: org.Policy{}.CanBuildCourses(a)}
}

// searchQuery reads q, kind, course, category, mine, page and per_page.
func searchQuery(c echo.Context) (search.Query, error) {
	q := search.Query{Text: c.QueryParam("q"), Category: strings.TrimSpace(c.QueryParam("category"))}
	for _, k := range c.QueryParams()["kind"] {
		for _, part := range strings.Split(k, ",") {
			if part = strings.TrimSpace(part); part != "" && part != "all" {
				q.Kinds = append(q.Kinds, part)
			}
		}
	}
	q.Mine = c.QueryParam("mine") == "1" || c.QueryParam("mine") == "true"
	var err error
	if q.Page, q.PerPage, err = listPage(c); err != nil {
		return q, err
	}
	course, err := intParam(c, "course")
	q.CourseID = int64(course)
	return q, err
}

func intParam(c echo.Context, name string) (int, error) {
	v := strings.TrimSpace(c.QueryParam(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, apperr.New(apperr.Invalid, "invalid_"+name, "参数 %s 须为正整数", name)
	}
	return n, nil
}

// unavailable answers a backend outage with a message, not a stack trace.
var errSearchDown = apperr.New(apperr.Internal, "search_unavailable", "搜索服务暂时不可用，请稍后再试")

func (s *Server) searchFailed(c echo.Context, err error) error {
	if errors.Is(err, search.ErrUnavailable) {
		if errors.Is(err, context.Canceled) {
			return c.NoContent(499) // the client went away: nothing to log, nobody to answer
		}
		s.Log.ErrorContext(c.Request().Context(), "search backend", "err", err)
		if isAPI(c) {
			return c.JSON(http.StatusServiceUnavailable, map[string]any{"error": map[string]string{
				"code": errSearchDown.Code, "message": errSearchDown.Message}})
		}
		return s.render(c, http.StatusServiceUnavailable, "error", map[string]any{
			"Status": http.StatusServiceUnavailable, "Message": s.t(c, "search.unavailable")})
	}
	return err
}

func (s *Server) apiSearch(c echo.Context) error {
	q, err := searchQuery(c)
	if err != nil {
		return err
	}
	r, err := s.Search.Search(c.Request().Context(), viewer(c), q)
	if err != nil {
		return s.searchFailed(c, err)
	}
	return c.JSON(http.StatusOK, map[string]any{"query": strings.TrimSpace(q.Text), "total": r.Total,
		"page": r.Page, "per_page": r.PerPage, "kinds": r.Kinds, "hits": r.Hits})
}

// apiSuggest feeds the search box: a few titles, and nothing (not an
// error) for what cannot be searched yet.
func (s *Server) apiSuggest(c echo.Context) error {
	hits, err := s.Search.Suggest(c.Request().Context(), viewer(c), c.QueryParam("q"))
	if apperr.Is(err, apperr.Invalid) {
		hits, err = []search.Hit{}, nil
	}
	if err != nil {
		return s.searchFailed(c, err)
	}
	type suggestion struct {
		Kind  string `json:"kind"`
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	out := make([]suggestion, len(hits))
	for i, h := range hits {
		out[i] = suggestion{Kind: h.Kind, Title: h.Title, URL: h.URL}
	}
	return c.JSON(http.StatusOK, map[string]any{"suggestions": out})
}

func (s *Server) apiSearchProblems(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	probs, err := s.Search.Problems(c.Request().Context(), viewer(c), page, 50)
	if err != nil {
		return err
	}
	if probs == nil {
		probs = []search.Problem{}
	}
	return c.JSON(http.StatusOK, map[string]any{"problems": probs})
}
