package quiz

import "testing"

func TestGrade(t *testing.T) {
	t.Parallel()
	single := &Question{Type: Single, Body: Body{Options: []Option{{Text: "a"}, {Text: "b", Weight: 1}, {Text: "c", Weight: 0.5}}}}
	multi := &Question{Type: Multiple, Body: Body{Options: []Option{{Text: "a", Weight: 0.5}, {Text: "b", Weight: 0.5}, {Text: "c", Weight: -0.5}, {Text: "d"}}}}
	fill := &Question{Type: Fill, Body: Body{Blanks: []Blank{
		{Answers: []Option{{Text: "全国代表大会", Weight: 1}}},
		{Answers: []Option{{Text: "Central Committee", Weight: 1}, {Text: "CC", Weight: 0.5}}}}}}
	num := &Question{Type: Numeric, Body: Body{Ranges: []Range{{Value: 1822, Weight: 1}, {Value: 1822, Tolerance: 2, Weight: 0.5}}}}
	tf := &Question{Type: TrueFalse, Body: Body{Options: TrueFalseOptions(false)}}
	cases := []struct {
		name    string
		q       *Question
		r       Response
		partial bool
		want    float64
	}{
		{"single right", single, Response{Choices: []int{1}}, false, 1},
		{"single wrong", single, Response{Choices: []int{0}}, false, 0},
		{"single partial option", single, Response{Choices: []int{2}}, false, 0.5},
		{"single two choices", single, Response{Choices: []int{1, 2}}, false, 0},
		{"single out of range", single, Response{Choices: []int{7}}, false, 0},
		{"single empty", single, Response{}, false, 0},
		{"true false", tf, Response{Choices: []int{1}}, false, 1},
		{"true false wrong", tf, Response{Choices: []int{0}}, false, 0},
		{"multi exact all-or-nothing", multi, Response{Choices: []int{1, 0}}, false, 1},
		{"multi one missing all-or-nothing", multi, Response{Choices: []int{0}}, false, 0},
		{"multi extra all-or-nothing", multi, Response{Choices: []int{0, 1, 3}}, false, 0},
		{"multi partial one", multi, Response{Choices: []int{0}}, true, 0.5},
		{"multi partial with wrong", multi, Response{Choices: []int{0, 2}}, true, 0},
		{"multi partial all", multi, Response{Choices: []int{0, 1, 2, 3}}, true, 0.5},
		{"multi partial duplicate", multi, Response{Choices: []int{0, 0, 0}}, true, 0.5},
		{"fill full-width and spaces", fill, Response{Texts: []string{" 全国 代表大会 ", "ＣＥＮＴＲＡＬ　committee"}}, false, 1},
		{"fill one blank", fill, Response{Texts: []string{"全国代表大会", "politburo"}}, false, 0.5},
		{"fill weighted answer", fill, Response{Texts: []string{"全国代表大会", "cc"}}, false, 0.75},
		{"fill missing blanks", fill, Response{Texts: []string{"全国代表大会"}}, false, 0.5},
		{"fill empty", fill, Response{Texts: []string{"", ""}}, false, 0},
		{"numeric exact", num, Response{Texts: []string{"1822"}}, false, 1},
		{"numeric close", num, Response{Texts: []string{"１８２３"}}, false, 0.5},
		{"numeric far", num, Response{Texts: []string{"1830"}}, false, 0},
		{"numeric junk", num, Response{Texts: []string{"NaN"}}, false, 0},
	}
	for _, c := range cases {
		got, manual := Grade(c.q, c.r, c.partial)
		if got != c.want || manual {
			t.Errorf("%s: got %v manual %v, want %v", c.name, got, manual, c.want)
		}
	}
	if _, manual := Grade(&Question{Type: Short}, Response{Texts: []string{"essay"}}, false); !manual {
		t.Error("short answers are graded by hand")
	}
}
