package reflection

import (
	"context"
	"strings"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// RuleInput is what a trainer sets; Required false removes the rule.
type RuleInput struct {
	Required bool   `json:"required"`
	MinChars int    `json:"min_chars"`
	Prompt   string `json:"prompt"`
}

// Bounds of a rule's minimum length.
const (
	MinMinChars = 50
	MaxMinChars = 10000
	maxBody     = 20000
)

func (in *RuleInput) validate() error {
	if !in.Required {
		return nil
	}
	if in.MinChars < MinMinChars || in.MinChars > MaxMinChars {
		return apperr.Invalidf("最少字数应在 %d 到 %d 字之间", MinMinChars, MaxMinChars)
	}
	in.Prompt = strings.TrimSpace(in.Prompt)
	return checkText("写作要求", in.Prompt, 500)
}

// SetRule requires (or, with Required false, stops requiring) a
// reflection for the course. Learners who already completed the course
// keep their completion.
func (s *Service) SetRule(ctx context.Context, a *org.Actor, courseID int64, in RuleInput) (*Rule, error) {
	if _, err := s.taughtCourse(ctx, a, courseID); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	if !in.Required {
		return nil, deleteRule(ctx, s.db, courseID)
	}
	if err := putRule(ctx, s.db, courseID, in.MinChars, in.Prompt, a.UserID); err != nil {
		return nil, err
	}
	return getRule(ctx, s.db, courseID)
}

// CourseRule returns a course's rule (nil when none) to its trainers and
// to its enrolled learners.
func (s *Service) CourseRule(ctx context.Context, a *org.Actor, courseID int64) (*Rule, error) {
	c, err := s.course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if !s.teaches(a, c) {
		if _, err := s.enrolledCourse(ctx, a, courseID); err != nil {
			return nil, apperr.NotFoundf("课程不存在")
		}
	}
	return getRule(ctx, s.db, courseID)
}

// Done reports, for the course feature's completion, whether nothing is
// owed: the course requires no reflection, or the user's is approved.
func (s *Service) Done(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error) {
	rule, err := getRule(ctx, q, courseID)
	if err != nil || rule == nil {
		return rule == nil, err
	}
	return approvedFor(ctx, q, userID, courseID)
}

// CheckTeaches refuses an actor who does not teach the course, for the
// rule's form.
func (s *Service) CheckTeaches(ctx context.Context, a *org.Actor, courseID int64) error {
	_, err := s.taughtCourse(ctx, a, courseID)
	return err
}
