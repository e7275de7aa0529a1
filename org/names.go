package org

import (
	"context"
	"strings"
)

// DisplayNames returns the display names of the given users, for features
// that print who someone is (certificates); a missing id is left out.
func (s *Service) DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	return displayNames(ctx, s.db, ids)
}

// UserIDsByUsername resolves usernames (case-insensitively) to ids, for a
// roster given as a list of accounts; an unknown name is left out.
func (s *Service) UserIDsByUsername(ctx context.Context, names []string) (map[string]int64, error) {
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(strings.TrimSpace(n))
	}
	return activeIDsByUsername(ctx, s.db, lower)
}
