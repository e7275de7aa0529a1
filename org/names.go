package org

import (
	"context"
	"strings"
)

// DisplayNames returns the display names of the given users, for features
// that print who someone is (certificates); a missing id is left out.
func (s *Service) DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	rows, err := s.db.Query(ctx, `SELECT id, display_name FROM users WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// UserIDsByUsername resolves usernames (case-insensitively) to ids, for a
// roster given as a list of accounts; an unknown name is left out.
func (s *Service) UserIDsByUsername(ctx context.Context, names []string) (map[string]int64, error) {
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(strings.TrimSpace(n))
	}
	rows, err := s.db.Query(ctx, `SELECT lower(username), id FROM users WHERE lower(username) = ANY($1) AND NOT disabled`, lower)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]int64, len(names))
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return nil, err
		}
		out[name] = id
	}
	return out, rows.Err()
}
