package feedback

import (
	"context"

	"lms/internal/apperr"
	"lms/org"
)

// UnitFigures are one addressed unit's figures.
type UnitFigures struct {
	UnitID   int64  `json:"unit_id" db:"unit_id"`
	UnitName string `json:"unit_name" db:"unit_name"`
	UnitPath string `json:"-" db:"unit_path"`
	Received int64  `json:"received" db:"received"`
	Answered int64  `json:"answered" db:"answered"`
	// OnTime were answered by their answer deadline.
	OnTime int64 `json:"answered_on_time" db:"on_time"`
	// AvgDays is the mean number of days from writing to the first answer;
	// nil when nothing was answered.
	AvgDays     *float64 `json:"avg_days_to_answer" db:"avg_days"`
	Escalated   int64    `json:"escalated" db:"escalated"`
	Satisfied   int64    `json:"satisfied" db:"satisfied"`
	Basic       int64    `json:"basically_satisfied" db:"basic"`
	Unsatisfied int64    `json:"unsatisfied" db:"unsatisfied"`
}

// Rated is how many answers were rated.
func (f UnitFigures) Rated() int64 { return f.Satisfied + f.Basic + f.Unsatisfied }

// Satisfaction is the share of rated answers found 满意 or 基本满意; nil
// when none was rated.
func (f UnitFigures) Satisfaction() *float64 {
	if f.Rated() == 0 {
		return nil
	}
	v := float64(f.Satisfied+f.Basic) / float64(f.Rated())
	return &v
}

// OnTimeRate is the share of received messages answered in time.
func (f UnitFigures) OnTimeRate() *float64 {
	if f.Received == 0 {
		return nil
	}
	v := float64(f.OnTime) / float64(f.Received)
	return &v
}

// Figures are the figures of every unit with messages in the subtrees the
// actor handles, in tree order. No figure names an author.
func (s *Service) Figures(ctx context.Context, a *org.Actor) ([]UnitFigures, error) {
	scopes, all := handlerScopes(a)
	if !all && len(scopes) == 0 {
		return nil, apperr.Forbiddenf("只有党组织的委员和管理员查看意见建议统计")
	}
	return figuresOf(ctx, s.db, scopes, all)
}
