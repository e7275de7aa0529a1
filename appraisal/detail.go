package appraisal

import (
	"context"
	"math"

	"lms/internal/apperr"
	"lms/org"
)

// TargetDetail is one target's whole result: the managers' view, and the
// target's own once the campaign is released.
func (s *Service) TargetDetail(ctx context.Context, a *org.Actor, campaignID, targetID int64) (*Campaign, *TargetResult, error) {
	c, err := s.closedCampaign(ctx, a, campaignID)
	if err != nil {
		return nil, nil, err
	}
	t, err := getTarget(ctx, s.db, campaignID, targetID)
	if err != nil {
		return nil, nil, err
	}
	if !manages(a, c.UnitPath) && !seesOwnResult(a, c, t, true) {
		return nil, nil, apperr.NotFoundf("评议对象不存在")
	}
	r, err := s.targetResult(ctx, c, t)
	if err != nil {
		return nil, nil, err
	}
	if !manages(a, c.UnitPath) {
		r.FollowUp, r.NeedsTalk = nil, false
	}
	return c, r, nil
}

func (s *Service) targetResult(ctx context.Context, c *Campaign, t *Target) (*TargetResult, error) {
	res, err := s.results(ctx, c)
	if err != nil {
		return nil, err
	}
	var r *TargetResult
	for i := range res.Targets {
		if res.Targets[i].ID == t.ID {
			r = &res.Targets[i]
		}
	}
	if r == nil || !r.Enough {
		return r, nil
	}
	counts, err := stepCounts(ctx, s.db, c.ID, t.ID)
	if err != nil {
		return nil, err
	}
	r.Indicators = indicatorStats(&c.Form, counts)
	r.Comments, err = comments(ctx, s.db, c.ID, t.ID)
	return r, err
}

// indicatorStats turns the step counts into each indicator's mean points
// and distribution.
func indicatorStats(f *Form, counts []stepCount) []IndStats {
	out := make([]IndStats, len(f.Indicators))
	for i, in := range f.Indicators {
		out[i] = IndStats{Name: in.Name, Weight: in.Weight, Counts: make([]int, len(f.Scale))}
	}
	for _, sc := range counts {
		if sc.Indicator < len(out) && sc.Step < len(f.Scale) {
			out[sc.Indicator].Counts[sc.Step] += sc.Ballots
		}
	}
	for i := range out {
		n, sum := 0, 0.0
		for st, k := range out[i].Counts {
			n += k
			sum += float64(k) * f.Scale[st].Points
		}
		if n > 0 {
			out[i].Mean = round2(sum / float64(n))
		}
	}
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
