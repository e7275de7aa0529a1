// Package apperr holds the few kinds of error the platform distinguishes.
// Domain packages return them; the web layer maps each kind to an HTTP status
// once, in its error handler.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the outside world.
type Kind int

const (
	Internal Kind = iota
	Invalid
	Unauthorized
	Forbidden
	NotFound
	Conflict
	TooMany
	// Unavailable: a service the request needs (PostgreSQL) cannot be
	// reached; the client should try again shortly.
	Unavailable
)

// Error is an error a user may see: a stable code and a message.
type Error struct {
	Kind    Kind
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// New builds an error of the given kind.
func New(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalidf reports input that fails validation.
func Invalidf(format string, args ...any) *Error {
	return New(Invalid, "invalid", format, args...)
}

// NotFoundf reports a missing record (or one the asker may not know exists).
func NotFoundf(format string, args ...any) *Error {
	return New(NotFound, "not_found", format, args...)
}

// Forbiddenf reports an action the asker may not take.
func Forbiddenf(format string, args ...any) *Error {
	return New(Forbidden, "forbidden", format, args...)
}

// Conflictf reports a clash with existing data.
func Conflictf(format string, args ...any) *Error {
	return New(Conflict, "conflict", format, args...)
}

// KindOf returns the kind of err, Internal when it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of the given kind.
func Is(err error, kind Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == kind
}
