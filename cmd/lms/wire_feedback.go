package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/feedback"
	"lms/org"
)

// wireFeedback builds the feedback service and lets it tell authors of
// progress under the course feature's bell. Without LMS_SECRET_KEY (the
// commands that do not serve) nobody can write a message, since authors
// are kept apart from their messages under it.
func (a *App) wireFeedback(env *Env) {
	a.Feedback = feedback.NewService(a.Pool, a.Store, []byte(env.Config.SecretKey))
	a.Feedback.Notify, a.Feedback.Handlers = feedbackBell{}, feedbackHandlers{a.Org}
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
