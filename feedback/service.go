// Package feedback is 意见建议 · 问题反映: members write to their own Party
// organisation or one above it on their path, anonymously if they wish;
// the committee members and admins over the addressed unit accept, answer
// and close the message, which escalates to the parent unit when it waits
// too long; the author adds to the thread and rates the answer.
//
// Anonymous means anonymous: see anon.go and the migration for how the
// tables keep the author out of every handler's reach.
package feedback

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/calendar"
	"lms/internal/db"
	"lms/internal/objstore"
)

// Notifier puts a line under a user's bell (and so in their email),
// inside the caller's transaction. The course feature implements it.
type Notifier interface {
	Notify(ctx context.Context, tx pgx.Tx, userID int64, title, link string) error
}

// Handlers names the people who hold a committee or admin role scoped
// to exactly a unit, to tell them of a message escalated to it. The org
// feature implements it.
type Handlers interface {
	HandlersOf(ctx context.Context, unitID int64) ([]int64, error)
}

// Service is the feedback domain.
type Service struct {
	db    db.DBTX
	store *objstore.Store
	keys  keys
	// Notify tells authors of progress; nil notifies no one.
	Notify Notifier
	// Handlers finds whom to tell of an escalation; nil tells no one (the
	// red mark in the inbox remains).
	Handlers Handlers
	// MaxFileSize is the largest attachment accepted, in bytes.
	MaxFileSize int64
	now         func() time.Time
}

// NewService returns a Service over a pool, keeping attachments in store.
// secret is the server's secret key: without it no message can be written,
// since the link from an author to their messages is sealed under it.
func NewService(pool db.DBTX, store *objstore.Store, secret []byte) *Service {
	return &Service{db: pool, store: store, keys: deriveKeys(secret), MaxFileSize: 10 << 20, now: time.Now}
}

// SetClock replaces the service's clock, for tests of deadlines.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// chinaTime: dates are kept and compared in China time, which has no
// daylight saving.
var chinaTime = calendar.Zone

// today is the service's current date in China.
func (s *Service) today() time.Time { return dayOf(s.now()) }

// dayOf truncates t to its date in China, as a UTC midnight (how pgx
// reads a date column).
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(chinaTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
