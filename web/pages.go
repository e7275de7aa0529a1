package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
)

func (s *Server) pageRoutes() {
	g := s.e.Group("", requireLogin, s.mustChangePassword)
	g.GET("/", s.homePage)
	g.GET("/account/password", s.passwordPage)
	g.POST("/account/password", s.passwordSubmit)
	s.adminPageRoutes(g)
	s.coursePageRoutes(g)
	s.noticePageRoutes(g)
	s.feedbackPageRoutes(g)
	s.reflectionPageRoutes(g)
	s.scormPageRoutes(g)
}

// mustChangePassword sends an account with an initial or reset password to
// the password page before anything else.
func (s *Server) mustChangePassword(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		a := actorOf(c)
		if a != nil && a.MustChangePassword && c.Get("bearer") != true && c.Path() != "/account/password" {
			return c.Redirect(http.StatusSeeOther, "/account/password")
		}
		return next(c)
	}
}

func (s *Server) homePage(c echo.Context) error {
	a := actorOf(c)
	u, err := s.Org.User(c.Request().Context(), a, a.UserID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "home", s.homeData(c, u))
}

func (s *Server) passwordPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "password", map[string]any{})
}

func (s *Server) passwordSubmit(c echo.Context) error {
	cur, next := c.FormValue("current"), c.FormValue("new")
	var err error
	if next != c.FormValue("repeat") {
		err = apperr.Invalidf("%s", s.t(c, "password.mismatch"))
	} else {
		err = s.Org.ChangeOwnPassword(c.Request().Context(), actorOf(c), cur, next)
	}
	if err != nil {
		if st, _, msg := s.toPublic(c, err); st < 500 {
			return s.render(c, st, "password", map[string]any{"Error": msg})
		}
		return err
	}
	// Every session ended with the change, this one too: sign in again.
	s.clearSession(c)
	return c.Redirect(http.StatusSeeOther, "/login?changed=1")
}

// pager holds the links of a paged list.
type pager struct {
	PrevURL, NextURL, Label, PrevLabel, NextLabel string
}

func (s *Server) newPager(c echo.Context, page int, more bool) pager {
	link := func(p int) string {
		q := c.QueryParams()
		q.Set("page", strconv.Itoa(p))
		return c.Request().URL.Path + "?" + q.Encode()
	}
	p := pager{Label: pageLabel(s, c, page), PrevLabel: s.t(c, "pager.prev"), NextLabel: s.t(c, "pager.next")}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if more {
		p.NextURL = link(page + 1)
	}
	return p
}

func pageLabel(s *Server, c echo.Context, page int) string {
	pg := page
	return (&pageT{s: s, c: c}).T("pager.page", pg)
}

type pageT struct {
	s *Server
	c echo.Context
}

func (p *pageT) T(key string, args ...any) string {
	pp := page{cat: p.s.views.catalogs[p.s.lang(p.c)]}
	return pp.T(key, args...)
}

var _ = url.QueryEscape

// navLink is one link of the menu.
type navLink struct {
	Href, Label string
	Current     bool
}

// Link is the menu link to href, marked when it is the page shown.
func (p *page) Link(href, key string) navLink {
	return navLink{Href: href, Label: p.T(key), Current: p.Path == href}
}

// Under reports whether the page shown lies under one of the prefixes, so
// that the menu group holding it is marked.
func (p *page) Under(prefixes ...string) bool {
	for _, pre := range prefixes {
		if p.Path == pre || strings.HasPrefix(p.Path, pre+"/") {
			return true
		}
	}
	return false
}
