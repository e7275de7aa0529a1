package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
)

const (
	sessionCookie = "lms_session"
	preCookie     = "lms_pre" // binds the login form's CSRF token before a session exists
	actorKey      = "actor"
)

// authenticate finds who asks: a personal API token (scripts) or a session
// cookie (browsers). Anonymous requests pass on with no actor.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if token, ok := bearer(c); ok {
			a, err := s.Org.TokenActor(ctx, token)
			if err != nil {
				return err
			}
			c.Set(actorKey, a)
			c.Set("bearer", true)
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			a, err := s.Org.SessionActor(ctx, ck.Value)
			if apperr.Is(err, apperr.Unauthorized) {
				s.clearSession(c)
				return next(c)
			}
			if err != nil {
				return err
			}
			c.Set(actorKey, a)
		}
		return next(c)
	}
}

func bearer(c echo.Context) (string, bool) {
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	token, ok := strings.CutPrefix(h, "Bearer ")
	return strings.TrimSpace(token), ok && strings.TrimSpace(token) != ""
}

// requireLogin lets through signed-in users only.
func requireLogin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if actorOf(c) == nil {
			return org.ErrNoSession
		}
		return next(c)
	}
}

func (s *Server) setSession(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(s.Org.SessionMax.Seconds())})
}

func (s *Server) clearSession(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// csrfToken is an HMAC of the session token (or, before login, of a random
// pre-session cookie), so it is tied to this browser and never stored.
func (s *Server) csrfToken(c echo.Context) string {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" && actorOf(c) != nil {
		return s.sign("session:" + ck.Value)
	}
	if v, ok := c.Get("pre").(string); ok {
		return s.sign("pre:" + v)
	}
	if ck, err := c.Cookie(preCookie); err == nil && len(ck.Value) >= 20 {
		return s.sign("pre:" + ck.Value)
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	c.Set("pre", v)
	c.SetCookie(&http.Cookie{Name: preCookie, Value: v, Path: "/", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return s.sign("pre:" + v)
}

func (s *Server) sign(msg string) string {
	m := hmac.New(sha256.New, s.SecretKey)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errCSRF = apperr.New(apperr.Forbidden, "csrf", "页面已过期，请刷新后重试（CSRF 校验失败）")

// csrf guards unsafe requests that a browser would send with cookies. API
// token requests carry no cookies and need no token.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		// A cookie-less JSON request cannot come from a cross-site form.
		if c.Get("bearer") == true || !hasBrowserCookie(c) && isJSON(c) {
			return next(c)
		}
		got := c.Request().Header.Get("X-CSRF-Token")
		if got == "" {
			got = c.FormValue("_csrf")
		}
		if got == "" || !hmac.Equal([]byte(got), []byte(s.csrfToken(c))) {
			return errCSRF
		}
		return next(c)
	}
}

func hasBrowserCookie(c echo.Context) bool {
	for _, name := range []string{sessionCookie, preCookie} {
		if ck, err := c.Cookie(name); err == nil && ck.Value != "" {
			return true
		}
	}
	return false
}

func isJSON(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON)
}
