package appraisal

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// TargetInput names one target: a person (UserID; their unit is theirs)
// or a unit (UnitID alone). Respondents are the members of
// RespondentUnits plus RespondentUsers; with neither, the members of the
// target's unit. A target never rates themself.
type TargetInput struct {
	UserID          int64   `json:"user_id"`
	UnitID          int64   `json:"unit_id"`
	RespondentUnits []int64 `json:"respondent_units"`
	RespondentUsers []int64 `json:"respondent_users"`
}

// CampaignInput is a new campaign. The form is TemplateID's when set, else
// Form, else the built-in one.
type CampaignInput struct {
	Title            string        `json:"title"`
	UnitID           int64         `json:"unit_id"`
	TemplateID       int64         `json:"template_id"`
	Form             *Form         `json:"form"`
	OpensAt          time.Time     `json:"opens_at"`
	ClosesAt         time.Time     `json:"closes_at"`
	TalkDissatisfied *float64      `json:"talk_dissatisfied"`
	TalkScore        *float64      `json:"talk_score"`
	Targets          []TargetInput `json:"targets"`
}

// CreateCampaign creates a campaign over a subtree the actor manages, with
// its targets and their respondents, in one transaction.
func (s *Service) CreateCampaign(ctx context.Context, a *org.Actor, in CampaignInput) (*Campaign, error) {
	c, err := s.newCampaign(ctx, a, in)
	if err != nil {
		return nil, err
	}
	targets, rs, err := s.resolveTargets(ctx, a, c.UnitPath, in.Targets)
	if err != nil {
		return nil, err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := insertCampaign(ctx, tx, c); err != nil {
			return err
		}
		if err := insertTargets(ctx, tx, c.ID, targets); err != nil {
			return err
		}
		return copyRespondents(ctx, tx, c.ID, respondentRows(targets, rs))
	})
	return c, err
}

func (s *Service) newCampaign(ctx context.Context, a *org.Actor, in CampaignInput) (*Campaign, error) {
	u, err := s.Dir.Unit(ctx, a, in.UnitID)
	if err != nil || !manages(a, u.Path) {
		return nil, apperr.Forbiddenf("只能在本组织及下级组织发起评议")
	}
	c := &Campaign{Title: strings.TrimSpace(in.Title), UnitPath: u.Path, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt,
		TalkDissatisfied: 0.3, TalkScore: 70, CreatedBy: a.UserID}
	if c.Title == "" || len([]rune(c.Title)) > 200 {
		return nil, apperr.Invalidf("请填写评议名称（不超过 200 字）")
	}
	if c.OpensAt.IsZero() || c.ClosesAt.IsZero() || !c.ClosesAt.After(c.OpensAt) {
		return nil, apperr.Invalidf("请填写开始和截止时间，截止须晚于开始")
	}
	if !c.ClosesAt.After(s.now()) {
		return nil, apperr.Invalidf("截止时间须晚于现在")
	}
	if err := applyThresholds(c, in.TalkDissatisfied, in.TalkScore); err != nil {
		return nil, err
	}
	if c.Form, err = s.formOf(ctx, a, in); err != nil {
		return nil, err
	}
	if len(in.Targets) == 0 {
		return nil, apperr.Invalidf("请至少选择一个评议对象")
	}
	return c, nil
}

func applyThresholds(c *Campaign, dissatisfied, score *float64) error {
	if dissatisfied != nil {
		c.TalkDissatisfied = *dissatisfied
	}
	if score != nil {
		c.TalkScore = *score
	}
	if c.TalkDissatisfied < 0 || c.TalkDissatisfied > 1 || c.TalkScore < 0 || c.TalkScore > 100 {
		return apperr.Invalidf("约谈标准须为：不满意比例 0–100%%，分数 0–100")
	}
	return nil
}

func (s *Service) formOf(ctx context.Context, a *org.Actor, in CampaignInput) (Form, error) {
	f := DefaultForm()
	switch {
	case in.TemplateID != 0:
		t, err := s.Template(ctx, a, in.TemplateID)
		if err != nil {
			return f, err
		}
		f = t.Form
	case in.Form != nil:
		f = *in.Form
	}
	return f, f.Validate()
}

// Campaign returns a campaign the actor manages.
func (s *Service) Campaign(ctx context.Context, a *org.Actor, id int64) (*Campaign, error) {
	c, err := getCampaign(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return c, mustManage(a, c)
}

// Campaigns lists the campaigns over the actor's subtrees.
func (s *Service) Campaigns(ctx context.Context, a *org.Actor) ([]Campaign, error) {
	scopes := a.ScopePaths(org.RoleCommittee, org.RoleAdmin)
	if !a.System && len(scopes) == 0 {
		return nil, nil
	}
	return listCampaigns(ctx, s.db, scopes, a.System)
}

// Targets lists a managed campaign's targets.
func (s *Service) Targets(ctx context.Context, a *org.Actor, id int64) ([]Target, error) {
	if _, err := s.Campaign(ctx, a, id); err != nil {
		return nil, err
	}
	return listTargets(ctx, s.db, id)
}

// Close ends a campaign before its close time; it cannot be reopened.
func (s *Service) Close(ctx context.Context, a *org.Actor, id int64) (*Campaign, error) {
	c, err := s.Campaign(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if c.Closed {
		return nil, apperr.Conflictf("评议已结束")
	}
	c.Closed = true
	return c, db.InTx(ctx, s.db, func(tx pgx.Tx) error { return closeCampaign(ctx, tx, id) })
}

// Release lets (or stops letting) each target read their own result.
func (s *Service) Release(ctx context.Context, a *org.Actor, id int64, released bool) (*Campaign, error) {
	c, err := s.Campaign(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if c.State(s.now()) != "closed" {
		return nil, apperr.Conflictf("评议结束后才能向评议对象公布结果")
	}
	c.Released = released
	return c, setReleased(ctx, s.db, id, released)
}

// SetThresholds changes what counts as 需约谈.
func (s *Service) SetThresholds(ctx context.Context, a *org.Actor, id int64, dissatisfied, score float64) (*Campaign, error) {
	c, err := s.Campaign(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := applyThresholds(c, &dissatisfied, &score); err != nil {
		return nil, err
	}
	return c, setThresholds(ctx, s.db, id, c.TalkDissatisfied, c.TalkScore)
}
