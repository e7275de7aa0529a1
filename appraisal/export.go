package appraisal

import (
	"context"

	"lms/org"
)

// Book is everything the workbook of a closed campaign shows: the ranked
// results, each target's indicators, the response rates and, through
// EachComment, the comments. Targets under MinBallots have no indicators
// and no comments, as on the pages.
type Book struct {
	*Results
	Indicators map[int64][]IndStats
	ByUnit     []Rate
	svc        *Service
	enough     []int64
}

// Workbook gathers a managed, closed campaign for export with a fixed
// number of queries, however many targets it has.
func (s *Service) Workbook(ctx context.Context, a *org.Actor, id int64) (*Book, error) {
	r, err := s.Results(ctx, a, id)
	if err != nil {
		return nil, err
	}
	counts, err := allStepCounts(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	b := &Book{Results: r, Indicators: map[int64][]IndStats{}, svc: s}
	for _, t := range r.Targets {
		if t.Enough {
			b.Indicators[t.ID] = indicatorStats(&r.Campaign.Form, counts[t.ID])
			b.enough = append(b.enough, t.ID)
		}
	}
	b.ByUnit, err = ratesByUnit(ctx, s.db, id)
	return b, err
}

// EachComment streams the comments of the targets with enough ballots.
func (b *Book) EachComment(ctx context.Context, fn func(targetID int64, text string) error) error {
	return eachComment(ctx, b.svc.db, b.Campaign.ID, b.enough, fn)
}
