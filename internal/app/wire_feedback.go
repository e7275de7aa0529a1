package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/org"
)

// wireFeedback lets feedback tell authors of progress under the course
// feature's bell and ask org who handles a unit. The service is built with
// the secret key (services): without LMS_SECRET_KEY (the commands that do
// not serve) nobody can write a message, since authors are kept apart from
// their messages under it.
func (a *App) wireFeedback() error {
	a.Feedback.Notify, a.Feedback.Handlers = feedbackBell{}, feedbackHandlers{a.Org}
	return nil
}

// feedbackBell notifies through course's notifications. Each line gets a
// random reference: a serial one would count an author's messages.
type feedbackBell struct{}

func (feedbackBell) Notify(ctx context.Context, tx pgx.Tx, userID int64, title, link string) error {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return course.Notify(ctx, tx, userID, "feedback", int64(binary.BigEndian.Uint64(b[:])>>1), title, link)
}

// seedFeedback adds the feedback examples to `lms seed demo`.
func (a *App) seedFeedback(ctx context.Context) error {
	return a.Feedback.SeedDemo(ctx, func(ctx context.Context, username string) (*org.Actor, error) {
		u, err := a.Org.UserByUsername(ctx, username)
		if err != nil {
			return nil, err
		}
		return a.Org.Actor(ctx, u.ID)
	})
}

// feedbackHandlers tells feedback who holds a committee or admin role
// scoped to a unit.
type feedbackHandlers struct{ o *org.Service }

func (h feedbackHandlers) HandlersOf(ctx context.Context, unitID int64) ([]int64, error) {
	return h.o.ScopeHolders(ctx, unitID, org.RoleCommittee, org.RoleAdmin)
}

func (a *App) feedbackReady() error {
	if a.Feedback.Notify == nil || a.Feedback.Handlers == nil {
		return errors.New("feedback: Notify or Handlers is not wired")
	}
	return nil
}
