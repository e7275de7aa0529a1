package reflection

import (
	"context"
	_ "embed"

	"lms/internal/apperr"
	"lms/org"
)

//go:embed demo_sample.txt
var demoSample string

// SeedDemo makes the demo course require a reflection of 300 characters
// and hands in one learner's, so that `make run` shows a reflection
// waiting for review. A course that has a rule already is left alone: a
// second run changes nothing.
func (s *Service) SeedDemo(ctx context.Context, courseID int64, trainer, author *org.Actor) (bool, error) {
	rule, err := getRule(ctx, s.db, courseID)
	if err != nil || rule != nil {
		return false, err
	}
	in := RuleInput{Required: true, MinChars: 300, Prompt: "结合本职岗位，谈谈学习本课程的收获和今后的打算。"}
	if _, err := s.SetRule(ctx, trainer, courseID, in); err != nil {
		return false, err
	}
	_, err = s.Submit(ctx, author, courseID, Input{Body: demoSample, ShareOK: true})
	if apperr.Is(err, apperr.NotFound) {
		return true, nil // the author is not enrolled (yet): the rule alone
	}
	return true, err
}
