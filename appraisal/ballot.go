package appraisal

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// AnswerView is what a respondent sees of one target's form.
type AnswerView struct {
	Campaign *Campaign `json:"campaign"`
	Target   *Target   `json:"target"`
	State    string    `json:"state"`
	Answered bool      `json:"answered"`
}

// ForAnswer returns the form of a target the actor was asked to rate.
func (s *Service) ForAnswer(ctx context.Context, a *org.Actor, campaignID, targetID int64) (*AnswerView, error) {
	c, t, err := s.campaignTarget(ctx, campaignID, targetID)
	if err != nil {
		return nil, err
	}
	asked, answered, err := respondentState(ctx, s.db, targetID, a.UserID)
	if err != nil {
		return nil, err
	}
	if !asked {
		return nil, apperr.NotFoundf("您不是该评议对象的参评人")
	}
	return &AnswerView{Campaign: c, Target: t, State: c.State(s.now()), Answered: answered}, nil
}

func (s *Service) campaignTarget(ctx context.Context, campaignID, targetID int64) (*Campaign, *Target, error) {
	c, err := getCampaign(ctx, s.db, campaignID)
	if err != nil {
		return nil, nil, err
	}
	t, err := getTarget(ctx, s.db, campaignID, targetID)
	return c, t, err
}

// Submit records one ballot. The respondent's record is marked answered
// and the ballot written in one transaction; the ballot carries a random
// id, the target and the answers, nothing of who gave it or when.
// Nothing is logged or audited here: the answer must leave no trail.
func (s *Service) Submit(ctx context.Context, a *org.Actor, campaignID, targetID int64, b BallotInput) error {
	v, err := s.Check(ctx, a, campaignID, targetID, b)
	if err != nil {
		return err
	}
	f := v.Campaign.Form
	b.Comment = strings.TrimSpace(b.Comment)
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		ok, err := markAnswered(ctx, tx, targetID, a.UserID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Conflictf("您已提交过对“%s”的评议，提交后不能更改", v.Target.Name)
		}
		if err := stillOpen(ctx, tx, campaignID); err != nil {
			return err
		}
		return insertBallot(ctx, tx, campaignID, targetID, b.Steps, f.Points(b.Steps), f.Score(b.Steps), b)
	})
}

// Check says whether the ballot would be accepted, writing nothing: the
// review step before 确认提交 asks it.
func (s *Service) Check(ctx context.Context, a *org.Actor, campaignID, targetID int64, b BallotInput) (*AnswerView, error) {
	v, err := s.ForAnswer(ctx, a, campaignID, targetID)
	if err != nil {
		return nil, err
	}
	switch {
	case v.State == "pending":
		return nil, apperr.Conflictf("评议尚未开始")
	case v.State == "closed":
		return nil, apperr.Conflictf("评议已结束，不能再提交")
	case v.Answered:
		return nil, apperr.Conflictf("您已提交过对“%s”的评议，提交后不能更改", v.Target.Name)
	}
	return v, v.Campaign.Form.checkBallot(b)
}

// MyAssignments lists the targets the actor is asked to rate in open
// campaigns, and the released results in which they are a target.
func (s *Service) MyAssignments(ctx context.Context, a *org.Actor) (todo, results []Assignment, err error) {
	if todo, err = assignments(ctx, s.db, a.UserID); err != nil {
		return nil, nil, err
	}
	results, err = ownTargets(ctx, s.db, a.UserID)
	return todo, results, err
}
