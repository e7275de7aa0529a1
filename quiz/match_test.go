package quiz

import (
	"strings"
	"testing"
)

func matchQuestion(t *testing.T) Question {
	t.Helper()
	p := ParseGIFT("配对{=中共一大 -> 1921 =南昌起义 -> 1927 =秋收起义 -> 1927 =遵义会议 -> 1935 = -> 1949}")
	if len(p.Problems) > 0 {
		t.Fatal(p.Problems)
	}
	return p.Items[0].Question
}

// Answers are distinct texts (1927 is shared); each prompt is an equal
// share with partial credit, all or nothing otherwise.
func TestGradeMatch(t *testing.T) {
	t.Parallel()
	q := matchQuestion(t)
	if got := q.Body.MatchAnswers(); strings.Join(got, ",") != "1921,1927,1935,1949" {
		t.Fatalf("answers %q", got)
	}
	cases := []struct {
		choices          []int
		partial, nothing float64
	}{
		{[]int{0, 1, 1, 2}, 1, 1},
		{[]int{0, 1, 1, 3}, 0.75, 0},
		{[]int{1, 0, -1, 2}, 0.25, 0},
		{[]int{3, 3, 3, 3}, 0, 0},
		{[]int{0, 1}, 0.5, 0},
		{[]int{9, -5, 1, 2}, 0.5, 0},
		{nil, 0, 0},
	}
	for _, c := range cases {
		r := Response{Choices: c.choices}
		if got, _ := Grade(&q, r, true); got != c.partial {
			t.Errorf("%v partial: %v, want %v", c.choices, got, c.partial)
		}
		if got, _ := Grade(&q, r, false); got != c.nothing {
			t.Errorf("%v all or nothing: %v, want %v", c.choices, got, c.nothing)
		}
	}
	if !(Response{Choices: []int{-1, -1}}).Empty() || (Response{Choices: []int{-1, 0}}).Empty() {
		t.Error("Empty of a matching response")
	}
}

// A learner's script cannot send more prompts than there are, nor an
// answer that does not exist; displayed positions map through the shuffle.
func TestMatchResponseMapsShuffle(t *testing.T) {
	t.Parallel()
	e := PaperEntry{T: Match, N: 4, M: 3, O: []int{2, 0, 3, 1}}
	got, err := matchResponse(e, []int{1, -1, 0})
	if err != nil || got[0] != 0 || got[1] != -1 || got[2] != 2 {
		t.Fatalf("%v %v", got, err)
	}
	if d := matchDisplay(e, got); d[0] != 1 || d[1] != -1 || d[2] != 0 {
		t.Errorf("display %v", d)
	}
	for _, bad := range [][]int{{0, 0, 0, 0}, {4}, {-2}} {
		if _, err := matchResponse(e, bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	if _, err := responseOf(e, AnswerInput{Texts: []string{"1921"}}); err == nil {
		t.Error("texts accepted for a matching question")
	}
}

func TestMatchBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct{ src, want string }{
		{"One pair {=a -> b}", "至少有 2 组"},
		{"Pair and distractors {=a -> b = -> c = -> d}", "至少有 2 组"},
		{"No arrow {=a -> b =c}", "左项 -> 右项"},
		{"Empty answer {=a -> b =c -> }", "缺少右侧答案"},
	}
	for _, c := range cases {
		p := ParseGIFT(c.src)
		if len(p.Items) != 0 || len(p.Problems) != 1 || !strings.Contains(p.Problems[0].Message, c.want) {
			t.Errorf("%q: items %d problems %+v, want %q", c.src, len(p.Items), p.Problems, c.want)
		}
	}
	rows := xlsx(t, []any{"配对题", "一组", "a -> b"}, []any{"配对题", "无箭头", "a -> b", "c"})
	p, err := ParseExcel(rows)
	if err != nil || len(p.Items) != 0 || len(p.Problems) != 2 || !strings.Contains(p.Problems[1].Message, "选项B") {
		t.Errorf("excel: %v %+v", err, p.Problems)
	}
}

// Search finds a matching question by its prompts, never by the answers.
func TestMatchSearchDocHasNoAnswers(t *testing.T) {
	t.Parallel()
	sq := searchQuestion(matchQuestion(t))
	all := strings.Join(sq.Choices, " ")
	if !strings.Contains(all, "遵义会议") || strings.Contains(all, "1935") || strings.Contains(all, "1949") {
		t.Errorf("search choices %q", sq.Choices)
	}
}
