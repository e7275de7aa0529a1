package web

import (
	"fmt"
	"time"

	"lms/appraisal"
)

// apView formats a campaign's figures for its templates.
type apView struct{}

// Pct shows a fraction as a whole percentage.
func (apView) Pct(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }

// Rate shows answered / asked and the percentage.
func (apView) Rate(r appraisal.Rate) string {
	if r.Asked == 0 {
		return "0 / 0"
	}
	return fmt.Sprintf("%d / %d（%.0f%%）", r.Answered, r.Asked, float64(r.Answered)*100/float64(r.Asked))
}

// Share is a grade's share of a target with enough ballots.
func (v apView) Share(t appraisal.TargetResult, i int) string {
	if !t.Enough || i >= len(t.GradeShares) {
		return ""
	}
	return v.Pct(t.GradeShares[i])
}

// Score shows a score, or nothing.
func (apView) Score(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%.2f", *p)
}

// Day is a China date.
func (apView) Day(t time.Time) string { return t.In(chinaTZ).Format("2006-01-02") }

// When is a China date and time.
func (apView) When(t time.Time) string { return t.In(chinaTZ).Format("2006-01-02 15:04") }

// DayPtr is a stored day, or nothing.
func (apView) DayPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// Grades are the overall grades' names.
func (apView) Grades() []string { return appraisal.Grades }

// Min is the sample threshold.
func (apView) Min() int { return appraisal.MinBallots }

// Pct100 shows a 0–1 threshold as a number of percent for a form field.
func (apView) Pct100(f float64) string { return fmt.Sprintf("%g", f*100) }
