package report

import (
	"encoding/json"
	"fmt"
	"slices"
)

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func showFigures(f Figures) string {
	p := func(v *float64) string {
		if v == nil {
			return "nil"
		}
		return fmt.Sprint(*v)
	}
	return fmt.Sprintf("%+v rate=%s perPerson=%s met=%s quizAvg=%s quizPass=%s", f.Counts,
		p(f.CompletionRate), p(f.HoursPerPerson), p(f.MetRate), p(f.QuizAverage), p(f.QuizPassRate))
}

func eqPtr(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func equalFigures(a, b Figures) bool {
	return a.Counts == b.Counts && eqPtr(a.CompletionRate, b.CompletionRate) && eqPtr(a.HoursPerPerson, b.HoursPerPerson) &&
		eqPtr(a.MetRate, b.MetRate) && eqPtr(a.QuizAverage, b.QuizAverage) && eqPtr(a.QuizPassRate, b.QuizPassRate)
}

func names2(rows []PersonRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func equalStrings(a, b []string) bool { return slices.Equal(a, b) }
