package appraisal

import (
	"testing"

	"lms/internal/apperr"
)

func TestFormValidate(t *testing.T) {
	bad := map[string]func(*Form){
		"weights 90":    func(f *Form) { f.Indicators[0].Weight = 20 },
		"weights 110":   func(f *Form) { f.Indicators[0].Weight = 40 },
		"zero weight":   func(f *Form) { f.Indicators = append(f.Indicators, Indicator{"其他", 0}) },
		"one step":      func(f *Form) { f.Scale = f.Scale[:1] },
		"no indicators": func(f *Form) { f.Indicators = nil },
		"blank name":    func(f *Form) { f.Indicators[1].Name = "  " },
		"points over":   func(f *Form) { f.Scale[0].Points = 120 },
		"blank step":    func(f *Form) { f.Scale[2].Label = "" },
		"eleven steps":  func(f *Form) { f.Scale = append(f.Scale, make([]Step, 7)...) },
	}
	for name, mod := range bad {
		f := DefaultForm()
		mod(&f)
		wantKind(t, f.Validate(), apperr.Invalid, name)
	}
	f := DefaultForm()
	f.Scale = []Step{{"满意", 90}, {"不满意", 50}}
	if err := f.Validate(); err != nil {
		t.Errorf("edited two-step scale refused: %v", err)
	}
}

// 政治素质 30 × 好 100 + 履职尽责 40 × 一般 60 + 作风形象 30 × 差 40 = 66.
func TestFormScore(t *testing.T) {
	f := DefaultForm()
	if got := f.Score([]int{0, 2, 3}); got != 66 {
		t.Errorf("score %v, want 66", got)
	}
	if got := f.Score([]int{1, 1, 1}); got != 80 {
		t.Errorf("score %v, want 80", got)
	}
}
