package web

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
)

// retryAfterOutage is what a client is told to wait while PostgreSQL is
// away: the player and the reader keep what was played and send it with
// the next heartbeat.
const retryAfterOutage = "5"

var (
	errUnavailable = apperr.New(apperr.Unavailable, "unavailable", "服务暂时不可用，请稍后再试")
	errBadText     = apperr.New(apperr.Invalid, "invalid_text", "提交的内容含有无效字符（NUL、控制字符或非 UTF-8 文本）")
	errOutOfRange  = apperr.New(apperr.Invalid, "out_of_range", "参数超出允许范围")
)

// classify gives an error that is not yet one of ours a kind when its cause
// is known: a body that never arrived whole is the client's fault (400),
// text or a number PostgreSQL refuses is invalid input (400), and a
// database that cannot be reached is an outage (503), not a bug.
func (s *Server) classify(c echo.Context, err error) error {
	var ae *apperr.Error
	var he *echo.HTTPError
	if errors.As(err, &ae) || errors.As(err, &he) {
		return err
	}
	switch {
	case bodyCutShort(c):
		return errCutShort
	case databaseAway(err) || s.databaseDown(c):
		return errUnavailable
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "22021", "22P05": // character_not_in_repertoire, untranslatable_character
			return errBadText
		case "22003", "2201W", "2201X": // numeric_value_out_of_range, bad LIMIT, bad OFFSET
			return errOutOfRange
		}
	}
	return err
}

// databaseDown asks PostgreSQL itself, for an error that says nothing of
// its cause: a connection broken mid-query comes back as a bare
// "unexpected EOF". Only failed requests pay for the ping.
func (s *Server) databaseDown(c echo.Context) bool {
	if s.DB == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request().Context()), time.Second)
	defer cancel()
	return s.DB.Ping(ctx) != nil
}

// databaseAway reports whether err means PostgreSQL could not be reached
// or went away: a failed connect, a broken connection, a server shutting
// down or refusing connections, a closed pool.
func databaseAway(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &ce), errors.As(err, &ne):
		return true
	case errors.As(err, &pe):
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" ||
			pe.Code == "57P03" || pe.Code == "53300"
	}
	// pgx reports these without an exported type.
	msg := err.Error()
	return strings.Contains(msg, "closed pool") || strings.Contains(msg, "conn closed") ||
		strings.Contains(msg, "failed to connect")
}
