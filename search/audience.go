package search

import (
	"context"
	"strconv"
	"strings"
)

// AudienceFunc gives the audience tokens of a viewer: the docs whose
// Audience holds one of them are the viewer's to find. A feature whose
// content is addressed to people rather than hung on a course (notices)
// makes both sides.
type AudienceFunc func(ctx context.Context, v Viewer) ([]string, error)

// AddAudience adds a feature's audience tokens to every viewer's filter.
func (s *Service) AddAudience(fn AudienceFunc) { s.audiences = append(s.audiences, fn) }

func (s *Service) withAudience(ctx context.Context, v Viewer, f Filter) (Filter, error) {
	for _, fn := range s.audiences {
		toks, err := fn(ctx, v)
		if err != nil {
			return Filter{}, err
		}
		f.Audience = append(f.Audience, toks...)
	}
	return f, nil
}

// quotedList is a Meilisearch array of strings.
func quotedList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
