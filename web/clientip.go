package web

import (
	"net"
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/org"
)

// clientIP is how the server learns a client's address (c.RealIP). The
// X-Forwarded-For and X-Real-IP headers are anyone's to write, so they are
// read only when the TCP peer is one of the configured proxies; otherwise a
// guesser could pick a fresh address for every login attempt and write any
// address into the audit log.
func clientIP(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	// echo trusts loopback and private networks unless told otherwise.
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	xff, realIP := echo.ExtractIPFromXFFHeader(opts...), echo.ExtractIPFromRealIPHeader(opts...)
	return func(r *http.Request) string {
		if r.Header.Get(echo.HeaderXForwardedFor) != "" {
			return xff(r)
		}
		return realIP(r)
	}
}

// auditAddress hands the client's address to the domain with the request's
// context: changes that the audit log records then carry it.
func auditAddress(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead {
			r := c.Request()
			c.SetRequest(r.WithContext(org.WithClientIP(r.Context(), c.RealIP())))
		}
		return next(c)
	}
}
