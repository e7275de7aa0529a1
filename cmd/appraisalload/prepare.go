package main

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/appraisal"
	"lms/internal/db"
	"lms/org"
)

const scaleRoot = "规模测试集团"

// campaign is what the load needs: the campaign and one token per voter.
type campaign struct {
	id, targets, respondents int64
	voters                   []voter
	pool                     *pgxpool.Pool
	svc                      *appraisal.Service
}

type voter struct {
	token  string
	target int64
}

// prepare starts the campaign through the appraisal service, as a
// committee over the whole group would, and gives n respondents of as many
// branches as possible an API token.
func prepare(ctx context.Context, url string, n int) (*campaign, error) {
	pool, err := db.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	orgs := org.NewService(pool)
	c := &campaign{pool: pool, svc: appraisal.NewService(pool, orgs)}
	root, err := orgs.UnitIDByPath(ctx, scaleRoot)
	if err != nil {
		return nil, errors.New("run `lms seed scale` first: " + err.Error())
	}
	branches, err := c.branches(ctx, orgs, root)
	if err != nil {
		return nil, err
	}
	in := appraisal.CampaignInput{Title: "规模测试：党支部书记述职评议", UnitID: root,
		OpensAt: time.Now().Add(-time.Minute), ClosesAt: time.Now().Add(24 * time.Hour)}
	for _, b := range branches {
		in.Targets = append(in.Targets, appraisal.TargetInput{UserID: b[0].ID, RespondentUnits: []int64{b[0].UnitID}})
		c.respondents += int64(len(b) - 1)
	}
	made, err := c.svc.CreateCampaign(ctx, org.System(), in)
	if err != nil {
		return nil, err
	}
	c.id, c.targets = made.ID, int64(len(in.Targets))
	return c, c.tokens(ctx, orgs, branches, n)
}

// branches are the members of each 党支部 with at least two, by unit.
func (c *campaign) branches(ctx context.Context, orgs *org.Service, root int64) ([][]org.Member, error) {
	u, err := orgs.Unit(ctx, org.System(), root)
	if err != nil {
		return nil, err
	}
	units, err := orgs.UnitsUnder(ctx, u.Path)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, x := range units {
		if x.Kind == "党支部" {
			ids = append(ids, x.ID)
		}
	}
	members, err := orgs.MembersOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	by := map[int64][]org.Member{}
	var order []int64
	for _, m := range members {
		if by[m.UnitID] == nil {
			order = append(order, m.UnitID)
		}
		by[m.UnitID] = append(by[m.UnitID], m)
	}
	var out [][]org.Member
	for _, id := range order {
		if len(by[id]) >= 2 {
			out = append(out, by[id])
		}
	}
	return out, nil
}

// tokens: the second, third, … member of each branch in turn, so the load
// is spread over many targets.
func (c *campaign) tokens(ctx context.Context, orgs *org.Service, branches [][]org.Member, n int) error {
	targets, err := c.svc.Targets(ctx, org.System(), c.id)
	if err != nil {
		return err
	}
	for k := 1; len(c.voters) < n; k++ {
		added := false
		for i, b := range branches {
			if k >= len(b) || len(c.voters) == n {
				continue
			}
			tok, err := orgs.CreateAPIToken(ctx, org.System(), b[k].ID, "appraisal load")
			if err != nil {
				return err
			}
			c.voters, added = append(c.voters, voter{token: tok, target: targets[i].ID}), true
		}
		if !added {
			return errors.New("not enough respondents")
		}
	}
	return nil
}

func (c *campaign) close(ctx context.Context) error {
	defer c.pool.Close()
	_, err := c.svc.Close(ctx, org.System(), c.id)
	return err
}
