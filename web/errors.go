package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
)

var kindStatus = map[apperr.Kind]int{
	apperr.Invalid:      http.StatusBadRequest,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.TooMany:      http.StatusTooManyRequests,
	apperr.Unavailable:  http.StatusServiceUnavailable,
}

var statusCode = map[int]string{
	400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
	405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
	429: "too_many_attempts", 500: "internal", 503: "unavailable",
}

// toPublic turns any error into a status, a code and a message a user may
// read. Only internal errors are logged; users never see their text.
func (s *Server) toPublic(c echo.Context, err error) (int, string, string) {
	err = s.classify(c, err)
	var ae *apperr.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae):
		if st, ok := kindStatus[ae.Kind]; ok {
			return st, ae.Code, ae.Message
		}
	case errors.As(err, &he):
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && he.Code < 500 {
			msg = m
		}
		code := statusCode[he.Code]
		if code == "" {
			code = "error"
		}
		return he.Code, code, msg
	}
	s.Log.ErrorContext(c.Request().Context(), "internal error", "err", err, "path", c.Request().URL.Path,
		"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	return http.StatusInternalServerError, "internal", s.t(c, "error.internal")
}

func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// A body cut short also cancels the request, but its sender may still
	// be reading: it is told 400 (input.go), not dropped as gone.
	if clientGone(c, err) && !bodyCutShort(c) { // nobody is listening: not an internal error
		s.Log.InfoContext(c.Request().Context(), "request cancelled by client", "path", c.Request().URL.Path,
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "err", err)
		_ = c.NoContent(statusClientClosed)
		return
	}
	status, code, msg := s.toPublic(c, err)
	switch status {
	case http.StatusTooManyRequests:
		c.Response().Header().Set("Retry-After", "900")
	case http.StatusServiceUnavailable:
		c.Response().Header().Set("Retry-After", retryAfterOutage)
	}
	if isAPI(c) {
		_ = c.JSON(status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	if status == http.StatusUnauthorized && code == "unauthenticated" {
		_ = c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
		return
	}
	_ = s.render(c, status, "error", map[string]any{"Status": status, "Message": msg})
}

func isAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return strings.HasPrefix(p, "/api/") || p == "/readyz" || p == "/metrics"
}
