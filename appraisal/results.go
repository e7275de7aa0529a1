package appraisal

import (
	"context"
	"sort"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// TargetResult is one target's figures in a closed campaign. With fewer
// than MinBallots ballots Enough is false and every figure is absent.
type TargetResult struct {
	Target
	Ballots     int        `json:"ballots"`
	Enough      bool       `json:"enough"`
	Score       *float64   `json:"score"`
	GradeShares []float64  `json:"grade_shares,omitempty"`
	Rank        int        `json:"rank,omitempty"`
	NeedsTalk   bool       `json:"needs_talk"`
	FollowUp    *FollowUp  `json:"follow_up,omitempty"`
	Indicators  []IndStats `json:"indicators,omitempty"`
	Comments    []string   `json:"comments,omitempty"`
}

// IndStats is one indicator's mean and how many ballots chose each step.
type IndStats struct {
	Name   string  `json:"name"`
	Weight int     `json:"weight"`
	Mean   float64 `json:"mean"`
	Counts []int   `json:"counts"`
}

// Results are the campaign's targets, ranked by score (those without
// enough ballots last, unranked).
type Results struct {
	Campaign *Campaign      `json:"campaign"`
	Targets  []TargetResult `json:"targets"`
}

// closedCampaign returns a managed campaign whose results may be read: a
// running one has none (watching them move would show each ballot). One
// whose time ran out is closed now, with its ballots rewritten.
func (s *Service) closedCampaign(ctx context.Context, a *org.Actor, id int64) (*Campaign, error) {
	c, err := getCampaign(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !manages(a, c.UnitPath) && !(c.Released && s.isTarget(ctx, a, id)) {
		return nil, apperr.NotFoundf("评议不存在")
	}
	return c, s.settle(ctx, c)
}

func (s *Service) settle(ctx context.Context, c *Campaign) error {
	if c.State(s.now()) != "closed" {
		return apperr.Conflictf("评议结束后才能查看结果")
	}
	if c.Closed {
		return nil
	}
	c.Closed = true
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error { return closeCampaign(ctx, tx, c.ID) })
}

func (s *Service) isTarget(ctx context.Context, a *org.Actor, campaignID int64) bool {
	list, err := ownTargets(ctx, s.db, a.UserID)
	for _, x := range list {
		if x.CampaignID == campaignID && err == nil {
			return true
		}
	}
	return false
}

// Results ranks every target of a closed campaign the actor manages.
func (s *Service) Results(ctx context.Context, a *org.Actor, id int64) (*Results, error) {
	c, err := s.closedCampaign(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := mustManage(a, c); err != nil {
		return nil, err
	}
	return s.results(ctx, c)
}

func (s *Service) results(ctx context.Context, c *Campaign) (*Results, error) {
	targets, err := listTargets(ctx, s.db, c.ID)
	if err != nil {
		return nil, err
	}
	ts, err := tallies(ctx, s.db, c.ID)
	if err != nil {
		return nil, err
	}
	fus, err := followUps(ctx, s.db, c.ID)
	if err != nil {
		return nil, err
	}
	out := &Results{Campaign: c}
	for _, t := range targets {
		r := summarize(c, t, ts[t.ID])
		if f, ok := fus[t.ID]; ok {
			r.FollowUp = &f
		}
		out.Targets = append(out.Targets, r)
	}
	rank(out.Targets)
	return out, nil
}

// summarize applies the sample threshold and the 需约谈 rule.
func summarize(c *Campaign, t Target, x tally) TargetResult {
	r := TargetResult{Target: t, Ballots: x.Ballots, Enough: x.Ballots >= MinBallots}
	if !r.Enough {
		return r
	}
	score := round2(x.Score)
	r.Score = &score
	for _, n := range x.Grades {
		r.GradeShares = append(r.GradeShares, round4(float64(n)/float64(x.Ballots)))
	}
	r.NeedsTalk = score < c.TalkScore || r.GradeShares[len(r.GradeShares)-1] >= c.TalkDissatisfied
	return r
}

// rank orders by score, highest first; equal scores share a rank.
func rank(rs []TargetResult) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Enough != b.Enough {
			return a.Enough
		}
		return a.Enough && *a.Score > *b.Score
	})
	for i := range rs {
		switch {
		case !rs[i].Enough:
		case i > 0 && rs[i-1].Enough && *rs[i-1].Score == *rs[i].Score:
			rs[i].Rank = rs[i-1].Rank
		default:
			rs[i].Rank = i + 1
		}
	}
}

// TalkList is the targets that need a talk, with their follow-ups.
func (s *Service) TalkList(ctx context.Context, a *org.Actor, id int64) (*Results, error) {
	r, err := s.Results(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var talk []TargetResult
	for _, t := range r.Targets {
		if t.NeedsTalk {
			talk = append(talk, t)
		}
	}
	r.Targets = talk
	return r, nil
}
