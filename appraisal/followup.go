package appraisal

import (
	"context"

	"lms/internal/apperr"
	"lms/org"
)

// SaveFollowUp records the talk with a target and their rectification.
func (s *Service) SaveFollowUp(ctx context.Context, a *org.Actor, campaignID, targetID int64, f FollowUp) (*FollowUp, error) {
	c, err := s.Campaign(ctx, a, campaignID)
	if err != nil {
		return nil, err
	}
	if err := s.settle(ctx, c); err != nil {
		return nil, err
	}
	if _, err := getTarget(ctx, s.db, campaignID, targetID); err != nil {
		return nil, err
	}
	if f.Requirement, err = clean(f.Requirement, 2000); err != nil {
		return nil, err
	}
	if f.Progress, err = clean(f.Progress, 2000); err != nil {
		return nil, err
	}
	if f.TalkedOn == nil && f.Requirement == "" && f.Progress == "" {
		return nil, apperr.Invalidf("请填写谈话时间、整改要求或整改情况")
	}
	f.TargetID = targetID
	return &f, saveFollowUp(ctx, s.db, f, a.UserID)
}
