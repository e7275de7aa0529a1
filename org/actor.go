package org

import "context"

// Actor loads a user as an actor, for work done on their behalf outside a
// request (the search filter, jobs). A disabled or missing account is
// ErrNoSession, as at sign-in.
func (s *Service) Actor(ctx context.Context, userID int64) (*Actor, error) {
	return s.activeActor(ctx, userID)
}
