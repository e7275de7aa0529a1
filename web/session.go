package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

func (s *Server) authRoutes() {
	s.e.GET("/login", s.loginPage)
	s.e.POST("/login", s.loginSubmit)
	s.e.POST("/logout", s.logoutSubmit, requireLogin)
	s.e.GET("/lang/:lang", s.switchLang)
}

func (s *Server) authAPIRoutes(g *echo.Group) {
	g.POST("/auth/login", s.apiLogin)
	g.POST("/auth/logout", s.apiLogout, requireLogin)
	g.GET("/me", s.apiMe, requireLogin)
}

type loginForm struct {
	Username string `json:"username" form:"username"`
	Password string `json:"password" form:"password"`
	Next     string `json:"-" form:"next"`
}

func (s *Server) loginPage(c echo.Context) error {
	if actorOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return s.render(c, http.StatusOK, "login", map[string]any{"Next": safeNext(c.QueryParam("next")),
		"Changed": c.QueryParam("changed") == "1"})
}

func (s *Server) loginSubmit(c echo.Context) error {
	var f loginForm
	if err := c.Bind(&f); err != nil {
		return err
	}
	token, _, err := s.Org.Login(c.Request().Context(), f.Username, f.Password, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		if st, _, msg := s.toPublic(c, err); st < 500 {
			return s.render(c, st, "login", map[string]any{"Next": safeNext(f.Next), "Username": f.Username, "Error": msg})
		}
		return err
	}
	s.setSession(c, token)
	return c.Redirect(http.StatusSeeOther, safeNext(f.Next))
}

// safeNext keeps redirects on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

func (s *Server) logoutSubmit(c echo.Context) error {
	if err := s.logout(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) logout(c echo.Context) error {
	ck, err := c.Cookie(sessionCookie)
	if err != nil {
		return nil // a token-authenticated script has no session to end
	}
	s.clearSession(c)
	return s.Org.Logout(c.Request().Context(), actorOf(c), ck.Value, c.RealIP())
}

func (s *Server) switchLang(c echo.Context) error {
	lang := c.Param("lang")
	if lang != "en" {
		lang = "zh"
	}
	c.SetCookie(&http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: s.secure})
	next := c.Request().Referer()
	if u, err := url.Parse(next); err == nil {
		next = u.RequestURI()
	}
	return c.Redirect(http.StatusSeeOther, safeNext(next))
}

func (s *Server) apiLogin(c echo.Context) error {
	var f loginForm
	if err := bindJSON(c, &f); err != nil {
		return err
	}
	ctx := c.Request().Context()
	token, a, err := s.Org.Login(ctx, f.Username, f.Password, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return err
	}
	s.setSession(c, token)
	u, err := s.Org.User(ctx, a, a.UserID)
	if err != nil {
		return err
	}
	// The CSRF token for this new session, for the caller's next requests.
	csrf := s.sign("session:" + token)
	return c.JSON(http.StatusOK, map[string]any{"user": u, "csrf_token": csrf})
}

func (s *Server) apiLogout(c echo.Context) error {
	if err := s.logout(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiMe answers from the account loaded by authentication: no second query.
func (s *Server) apiMe(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"user": actorOf(c).User, "csrf_token": s.csrfToken(c)})
}

// bodyBuffers are reused for JSON bodies: heartbeats arrive by the
// thousand each second.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBodyBuffer(b *bytes.Buffer) {
	if b.Cap() <= 64<<10 {
		b.Reset()
		bodyBuffers.Put(b)
	}
}
