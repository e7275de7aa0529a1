package appraisal

import (
	"math"
	"strings"

	"lms/internal/apperr"
)

// Indicator is one thing rated, with its weight out of 100.
type Indicator struct {
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// Step is one step of the rating scale and its points.
type Step struct {
	Label  string  `json:"label"`
	Points float64 `json:"points"`
}

// Form is what every respondent fills in: a rating per indicator, an
// overall grade and an optional comment.
type Form struct {
	Indicators []Indicator `json:"indicators"`
	Scale      []Step      `json:"scale"`
	Grades     []string    `json:"grades"`
}

// Grades are the overall grade's choices, best first; the last is 不满意.
var Grades = []string{"满意", "基本满意", "不满意"}

// DefaultForm is the form of the built-in template.
func DefaultForm() Form {
	return Form{
		Indicators: []Indicator{{"政治素质", 30}, {"履职尽责", 40}, {"作风形象", 30}},
		Scale:      []Step{{"好", 100}, {"较好", 80}, {"一般", 60}, {"差", 40}},
		Grades:     append([]string(nil), Grades...),
	}
}

// Validate checks the form and trims its names.
func (f *Form) Validate() error {
	if len(f.Indicators) == 0 || len(f.Indicators) > 20 {
		return apperr.Invalidf("评议指标须有 1 至 20 项")
	}
	sum := 0
	for i := range f.Indicators {
		in := &f.Indicators[i]
		in.Name = strings.TrimSpace(in.Name)
		if in.Name == "" || len([]rune(in.Name)) > 50 {
			return apperr.Invalidf("第 %d 项指标的名称须为 1 至 50 个字", i+1)
		}
		if in.Weight <= 0 {
			return apperr.Invalidf("指标“%s”的权重须大于 0", in.Name)
		}
		sum += in.Weight
	}
	if sum != 100 {
		return apperr.Invalidf("各项指标的权重之和须为 100，现为 %d", sum)
	}
	f.Grades = append([]string(nil), Grades...)
	return f.validateScale()
}

func (f *Form) validateScale() error {
	if len(f.Scale) < 2 || len(f.Scale) > 10 {
		return apperr.Invalidf("评分档次须有 2 至 10 档")
	}
	for i := range f.Scale {
		st := &f.Scale[i]
		st.Label = strings.TrimSpace(st.Label)
		if st.Label == "" || len([]rune(st.Label)) > 20 {
			return apperr.Invalidf("第 %d 档的名称须为 1 至 20 个字", i+1)
		}
		if st.Points < 0 || st.Points > 100 || math.IsNaN(st.Points) {
			return apperr.Invalidf("档次“%s”的分值须在 0 至 100 之间", st.Label)
		}
	}
	return nil
}

// Score is the weighted score of one ballot's steps, out of 100.
func (f *Form) Score(steps []int) float64 {
	total := 0.0
	for i, s := range steps {
		total += f.Scale[s].Points * float64(f.Indicators[i].Weight) / 100
	}
	return math.Round(total*100) / 100
}

// Points gives the points of each chosen step.
func (f *Form) Points(steps []int) []float64 {
	out := make([]float64, len(steps))
	for i, s := range steps {
		out[i] = f.Scale[s].Points
	}
	return out
}

// checkBallot says what is wrong with a ballot's answers to this form.
func (f *Form) checkBallot(b BallotInput) error {
	if len(b.Steps) != len(f.Indicators) {
		return apperr.Invalidf("请为每一项指标评分（共 %d 项，已评 %d 项）", len(f.Indicators), len(b.Steps))
	}
	for i, s := range b.Steps {
		if s < 0 || s >= len(f.Scale) {
			return apperr.Invalidf("请为指标“%s”选择评分", f.Indicators[i].Name)
		}
	}
	if b.Grade < 0 || b.Grade >= len(Grades) {
		return apperr.Invalidf("请选择总体评价")
	}
	if len([]rune(b.Comment)) > 2000 {
		return apperr.Invalidf("意见建议不能超过 2000 字")
	}
	return nil
}
