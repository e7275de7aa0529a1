package appraisal

import (
	"context"
	"time"

	"lms/org"
)

// demoTitles: last year's closed campaign and this year's running one.
var demoTitles = []string{"2025 年度党支部书记述职评议", "2026 年度党支部书记述职评议"}

// SeedDemo gives the demo committee (华北分公司党委) a closed campaign with
// results (第二党支部 under the 需约谈 rule, 机关党支部 样本不足) and a
// running one that demo_learner is asked to answer. A second run changes
// nothing. byName finds a demo account's actor; unitID a unit by its path.
func (s *Service) SeedDemo(ctx context.Context, byName func(string) (*org.Actor, error), unitID func(string) (int64, error)) error {
	list, err := listCampaigns(ctx, s.db, nil, true)
	if err != nil {
		return err
	}
	for _, c := range list {
		if c.Title == demoTitles[0] {
			return nil
		}
	}
	north, err := unitID("示范能源集团/华北分公司党委")
	if err != nil {
		return err
	}
	in := CampaignInput{UnitID: north, OpensAt: s.now().Add(-time.Minute), ClosesAt: s.now().Add(14 * 24 * time.Hour)}
	for _, u := range []string{"hb1_01", "hb2_01", "hbj_01"} {
		a, err := byName(u)
		if err != nil {
			return err
		}
		in.Targets = append(in.Targets, TargetInput{UserID: a.UserID})
	}
	in.Title = demoTitles[0]
	past, err := s.CreateCampaign(ctx, org.System(), in)
	if err != nil {
		return err
	}
	if err := s.seedBallots(ctx, past.ID, byName); err != nil {
		return err
	}
	if _, err := s.Close(ctx, org.System(), past.ID); err != nil {
		return err
	}
	in.Title = demoTitles[1]
	_, err = s.CreateCampaign(ctx, org.System(), in)
	return err
}

// demoBallots: 第一 rated well, 第二 poorly, 机关 by four only.
var demoBallots = []struct {
	users   []string
	steps   []int
	grade   int
	comment []string
}{
	{[]string{"hb1_02", "hb1_03", "hb1_04", "hb1_05", "hb1_06"}, []int{0, 1, 1}, 0, []string{"工作扎实，联系群众紧密", "", "希望多组织专题学习"}},
	{[]string{"hb2_02", "hb2_03", "hb2_04", "hb2_05", "hb2_06"}, []int{2, 3, 2}, 2, []string{"三会一课落实不到位", "联系党员不够"}},
	{[]string{"hbj_02", "hbj_03", "hbj_04", "hbj_05"}, []int{1, 1, 1}, 1, nil},
}

func (s *Service) seedBallots(ctx context.Context, id int64, byName func(string) (*org.Actor, error)) error {
	targets, err := listTargets(ctx, s.db, id)
	if err != nil {
		return err
	}
	for i, g := range demoBallots {
		for k, u := range g.users {
			a, err := byName(u)
			if err != nil {
				return err
			}
			b := BallotInput{Steps: g.steps, Grade: g.grade}
			if k < len(g.comment) {
				b.Comment = g.comment[k]
			}
			if err := s.Submit(ctx, a, id, targets[i].ID, b); err != nil {
				return err
			}
		}
	}
	return nil
}
