package quiz

import (
	"strings"
	"testing"
)

// The two questions of Moodle's Aiken documentation, then our extensions.
func TestParseAiken(t *testing.T) {
	t.Parallel()
	src := "What is the correct answer to this question?\nA. Is it this one?\nB. Maybe this answer?\nC. Possibly this one?\nD. Must be this one!\nANSWER: D\n\n" +
		"Which LMS has the most quiz import formats?\nA) Moodle\nB) ATutor\nC) Claroline\nD) Blackboard\nE) WebCT\nF) Ilias\nANSWER: A\n\n" +
		"下列属于“四个自信”的是\nA、道路自信\nB、理论自信\nC、经济自信\n答案：AB\n"
	p := ParseAiken(src)
	if len(p.Problems) > 0 || len(p.Items) != 3 {
		t.Fatalf("problems %v items %d", p.Problems, len(p.Items))
	}
	q := p.Items[0].Question
	if q.Type != Single || len(q.Body.Options) != 4 || q.Correct() != "D" || q.Stem != "What is the correct answer to this question?" {
		t.Errorf("first %+v", q)
	}
	if q := p.Items[1].Question; len(q.Body.Options) != 6 || q.Correct() != "A" || p.Items[1].Line != 8 {
		t.Errorf("second %+v line %d", q, p.Items[1].Line)
	}
	if q := p.Items[2].Question; q.Type != Multiple || q.Correct() != "AB" || q.Body.Options[0].Weight != 0.5 {
		t.Errorf("third %+v", q)
	}
}

func TestParseAikenErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ src, want string }{
		{"Q?\nA. a\nB. b\nANSWER: E", "答案 E 对应的选项不存在"},
		{"Q?\nA. a\nB. b\n", "缺少 ANSWER"},
		{"Q?\nA. a\nC. b\nANSWER: A", "顺序"},
		{"ANSWER: A", "题目未开始"},
		{"A. a\nB. b\n", "题目未开始"},
		{"Q?\nA. only\nANSWER: A", "至少须有 2 个选项"},
		{"Q?\nA. a\nB. b\nANSWER: ?", "不是选项字母"},
	}
	for _, c := range cases {
		p := ParseAiken(c.src)
		if len(p.Items) != 0 || len(p.Problems) == 0 || !strings.Contains(p.Problems[0].Message, c.want) {
			t.Errorf("%q: %d items, problems %+v, want %q", c.src, len(p.Items), p.Problems, c.want)
		}
	}
	// A bad question does not hide the good ones around it, nor their lines.
	p := ParseAiken("Q1?\nA. a\nB. b\nANSWER: A\n\nQ2?\nA. a\nANSWER: C\nQ3?\nA. a\nB. b\nANSWER: B")
	if len(p.Items) != 2 || len(p.Problems) != 1 || p.Problems[0].Line != 6 || p.Items[1].Line != 9 {
		t.Errorf("items %+v problems %+v", p.Items, p.Problems)
	}
}
