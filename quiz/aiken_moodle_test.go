package quiz

import (
	"reflect"
	"strings"
	"testing"
)

// Moodle's Aiken import test (question/format/aiken/tests/
// aikenformat_test.php, test_readquestions) over its fixture
// aiken_errors.txt. The stored fixture ends with the second good question;
// the test also expects a third one with HTML characters, added here as the
// test describes it. Moodle names the ANSWER line of a question with too few
// answers (line 3) and the line where the next question starts (18); we
// report each problem at the line its question starts and name the other
// line in the message.
const moodleAikenErrors = "A question with too few answers\nA) Only answer\nANSWER: A\n\n" +
	"A) Question not started\n\nANSWER: Question not started\n\n" +
	"A good question\nA) Correct\nB) Incorrect\nANSWER: A\n\n" +
	"A question started but not finished\nA) Correct-ish\nB) Incorrect-ish\n\n" +
	"A second good question\nA)Incorrect (No space)\nB)Correct (No space)\nANSWER: B\n\n" +
	"A third good question with HTML chars such as > < &\nA) Correct (< > &)\nB) Incorrect (< > &)\nANSWER: A"

func TestAikenMoodleReadQuestions(t *testing.T) {
	t.Parallel()
	p := ParseAiken(moodleAikenErrors)
	wantProblems := []struct {
		line int
		text string
	}{{1, "至少须有 2 个选项"}, {5, "题目未开始"}, {7, "题目未开始"}, {14, "第 18 行开始了下一题"}}
	if len(p.Problems) != len(wantProblems) {
		t.Fatalf("problems %+v", p.Problems)
	}
	for i, w := range wantProblems {
		if got := p.Problems[i]; got.Line != w.line || !strings.Contains(got.Message, w.text) {
			t.Errorf("problem %d: %+v, want line %d %q", i, got, w.line, w.text)
		}
	}
	want := []struct {
		line    int
		stem    string
		options []Option
	}{
		{9, "A good question", []Option{{Text: "Correct", Weight: 1}, {Text: "Incorrect"}}},
		{18, "A second good question", []Option{{Text: "Incorrect (No space)"}, {Text: "Correct (No space)", Weight: 1}}},
		{23, "A third good question with HTML chars such as &gt; &lt; &amp;",
			[]Option{{Text: "Correct (&lt; &gt; &amp;)", Weight: 1}, {Text: "Incorrect (&lt; &gt; &amp;)"}}},
	}
	if len(p.Items) != len(want) {
		t.Fatalf("items %+v", p.Items)
	}
	for i, w := range want {
		it := p.Items[i]
		if it.Line != w.line || it.Question.Type != Single || it.Question.Stem != w.stem ||
			!reflect.DeepEqual(it.Question.Body.Options, w.options) {
			t.Errorf("item %d: line %d %+v", i, it.Line, it.Question)
		}
	}
}

// Our extensions still hold beside Moodle's rules: a stem over several
// lines, 答案：, A、 and several letters; a question after one left open is
// read.
func TestAikenChineseAfterUnfinished(t *testing.T) {
	t.Parallel()
	p := ParseAiken("未完成的题目\nA、甲\nB、乙\n下列属于“四个自信”的是\n（多选）\nA、道路自信\nB、理论自信\nC、经济自信\n答案：AB\n")
	if len(p.Problems) != 1 || p.Problems[0].Line != 1 || len(p.Items) != 1 {
		t.Fatalf("problems %+v items %+v", p.Problems, p.Items)
	}
	q := p.Items[0].Question
	if p.Items[0].Line != 4 || q.Type != Multiple || q.Correct() != "AB" || q.Stem != "下列属于“四个自信”的是\n（多选）" {
		t.Errorf("%d %+v", p.Items[0].Line, q)
	}
}
