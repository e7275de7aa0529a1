package quiz

import (
	"reflect"
	"strings"
	"testing"
)

// The questions below are the examples of Moodle's GIFT documentation
// (docs.moodle.org "GIFT format" and question/format/gift/examples.txt),
// one case per documented feature.
func TestParseGIFTMoodleExamples(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src string
		check     func(t *testing.T, q Question)
	}{
		{"multiple choice", "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}", func(t *testing.T, q Question) {
			wantType(t, q, Single)
			wantOptions(t, q, []Option{{Text: "Grant"}, {Text: "Jefferson"}, {Text: "no one", Weight: 1}})
			if q.Stem != "Who&#39;s buried in Grant&#39;s tomb?" {
				t.Errorf("stem %q", q.Stem)
			}
		}},
		{"missing word", "Grant is {~buried =entombed ~living} in Grant's tomb.", func(t *testing.T, q Question) {
			wantType(t, q, Single)
			if q.Stem != "Grant is _____ in Grant&#39;s tomb." {
				t.Errorf("stem %q", q.Stem)
			}
		}},
		{"answers over lines", "The American holiday of Thanksgiving is celebrated on the {\n    ~second\n    ~third\n    =fourth\n} Thursday of November.", func(t *testing.T, q Question) {
			wantOptions(t, q, []Option{{Text: "second"}, {Text: "third"}, {Text: "fourth", Weight: 1}})
			if !strings.Contains(q.Stem, "_____ Thursday") {
				t.Errorf("stem %q", q.Stem)
			}
		}},
		{"short answer", "Who's buried in Grant's tomb?{=no one =nobody}", func(t *testing.T, q Question) {
			wantType(t, q, Fill)
			want := []Blank{{Answers: []Option{{Text: "no one", Weight: 1}, {Text: "nobody", Weight: 1}}}}
			if !reflect.DeepEqual(q.Body.Blanks, want) {
				t.Errorf("blanks %+v", q.Body.Blanks)
			}
		}},
		{"short answer mid-sentence", "Two plus two equals {=four =4}.", func(t *testing.T, q Question) {
			wantType(t, q, Fill)
			if q.Stem != "Two plus two equals _____." {
				t.Errorf("stem %q", q.Stem)
			}
		}},
		{"true false F", "Grant is buried in Grant's tomb.{F}", func(t *testing.T, q Question) {
			wantType(t, q, TrueFalse)
			wantOptions(t, q, TrueFalseOptions(false))
		}},
		{"true false T", "The sun rises in the east.{T}", func(t *testing.T, q Question) {
			wantOptions(t, q, TrueFalseOptions(true))
		}},
		{"true false with feedback", "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}", func(t *testing.T, q Question) {
			if q.Body.Options[0].Feedback != "No one is buried in Grant's tomb." || q.Body.Options[1].Weight != 1 {
				t.Errorf("options %+v", q.Body.Options)
			}
		}},
		{"numerical", "When was Ulysses S. Grant born? {#1822}", func(t *testing.T, q Question) {
			wantType(t, q, Numeric)
			wantRanges(t, q, []Range{{Value: 1822, Weight: 1}})
		}},
		{"numerical tolerance", "What is the value of pi (to 3 decimal places)? {#3.1415:0.0005}.", func(t *testing.T, q Question) {
			wantRanges(t, q, []Range{{Value: 3.1415, Tolerance: 0.0005, Weight: 1}})
		}},
		{"numerical range", "What is the value of pi (to 3 decimal places)? {#3.141..3.142}.", func(t *testing.T, q Question) {
			r := q.Body.Ranges[0]
			if r.Value-r.Tolerance < 3.1409999 || r.Value+r.Tolerance > 3.1420001 {
				t.Errorf("range %+v", r)
			}
		}},
		{"numerical several answers", "When was Ulysses S. Grant born? {#\n    =1822:0\n    =%50%1822:2}", func(t *testing.T, q Question) {
			wantRanges(t, q, []Range{{Value: 1822, Weight: 1}, {Value: 1822, Tolerance: 2, Weight: 0.5}})
		}},
		{"line comment", "// Subheading: Numerical questions below\nWhat's 2 plus 2? {#4}", func(t *testing.T, q Question) {
			wantRanges(t, q, []Range{{Value: 4, Weight: 1}})
		}},
		{"question name", "::Kanji Origins::Japanese characters originally\ncame from what country? {=China}", func(t *testing.T, q Question) {
			if q.Title != "Kanji Origins" || !strings.HasPrefix(q.Stem, "Japanese characters originally\ncame") {
				t.Errorf("title %q stem %q", q.Title, q.Stem)
			}
		}},
		{"feedback", "What's the answer to this multiple-choice question?{\n~wrong answer#feedback comment on the wrong answer\n~another wrong answer#feedback comment on this wrong answer\n=right answer#Very good!}", func(t *testing.T, q Question) {
			wantOptions(t, q, []Option{{Text: "wrong answer", Feedback: "feedback comment on the wrong answer"},
				{Text: "another wrong answer", Feedback: "feedback comment on this wrong answer"},
				{Text: "right answer", Weight: 1, Feedback: "Very good!"}})
		}},
		{"markdown", "[markdown]Who's buried in **Grant's tomb**?{\n=no one#excellent answer!\n=nobody#excellent answer!}", func(t *testing.T, q Question) {
			if q.Stem != "Who&#39;s buried in <strong>Grant&#39;s tomb</strong>?" {
				t.Errorf("stem %q", q.Stem)
			}
		}},
		{"percentage weights", "Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}", func(t *testing.T, q Question) {
			wantOptions(t, q, []Option{{Text: "wrong answer"}, {Text: "half credit answer", Weight: 0.5}, {Text: "full credit answer", Weight: 1}})
		}},
		{"weights with feedback", "::Jesus' hometown::Jesus Christ was from {\n    ~Jerusalem#This was an important city, but the wrong answer.\n    ~%25%Bethlehem#He was born here, but not raised here.\n    ~%50%Galilee#You need to be more specific.\n    =Nazareth#Yes! That's right!}.", func(t *testing.T, q Question) {
			if q.Title != "Jesus' hometown" || q.Body.Options[1].Weight != 0.25 || q.Body.Options[3].Feedback != "Yes! That's right!" {
				t.Errorf("%+v", q)
			}
		}},
		{"short answer weights", "::Jesus' hometown:: Jesus Christ was from {\n    =Nazareth#Yes! That's right!\n    =%75%Nazereth#Right, but misspelled.\n    =%25%Bethlehem#He was born here, but not raised here.}", func(t *testing.T, q Question) {
			wantType(t, q, Fill)
			if a := q.Body.Blanks[0].Answers; len(a) != 3 || a[1].Weight != 0.75 || a[2].Text != "Bethlehem" {
				t.Errorf("answers %+v", a)
			}
		}},
		{"multiple answers", "What two people are entombed in Grant's tomb? {\n    ~No one\n    ~%50%Grant\n    ~%50%Grant's wife\n    ~Grant's father }", func(t *testing.T, q Question) {
			wantType(t, q, Multiple)
			wantOptions(t, q, []Option{{Text: "No one"}, {Text: "Grant", Weight: 0.5}, {Text: "Grant&#39;s wife", Weight: 0.5}, {Text: "Grant&#39;s father"}})
		}},
		{"negative weights", "What two people are entombed in Grant's tomb? {\n    ~%-50%No one\n    ~%50%Grant\n    ~%50%Grant's wife\n    ~%-50%Grant's father }", func(t *testing.T, q Question) {
			if q.Body.Options[0].Weight != -0.5 || q.Body.Options[3].Weight != -0.5 {
				t.Errorf("%+v", q.Body.Options)
			}
		}},
		{"special characters", "Which answer equals 5? {\n     ~ \\= 2 + 2\n     = \\= 2 + 3\n     ~ \\= 2 + 4  }", func(t *testing.T, q Question) {
			wantOptions(t, q, []Option{{Text: "= 2 + 2"}, {Text: "= 2 + 3", Weight: 1}, {Text: "= 2 + 4"}})
		}},
		{"control characters", "::GIFT Control Characters::\nWhich of the following is NOT a control character for the GIFT import format? {\n   ~ \\~     # \\~ is a control character.\n   ~ \\=     # \\= is a control character.\n   ~ \\#     # \\# is a control character.\n   ~ \\{     # \\{ is a control character.\n   ~ \\}     # \\} is a control character.\n   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,\n              it is used to escape the control characters.\n}", func(t *testing.T, q Question) {
			var texts []string
			for _, o := range q.Body.Options {
				texts = append(texts, o.Text)
			}
			if !reflect.DeepEqual(texts, []string{"~", "=", "#", "{", "}", `\`}) || q.Body.Options[5].Weight != 1 {
				t.Errorf("options %q", texts)
			}
			if !strings.HasPrefix(q.Body.Options[5].Feedback, `Correct! \ (backslash)`) {
				t.Errorf("feedback %q", q.Body.Options[5].Feedback)
			}
		}},
		{"general feedback and essay", "Write about Grant's tomb.{####A good essay names who is buried there.}", func(t *testing.T, q Question) {
			wantType(t, q, Short)
			if q.Explanation != "A good essay names who is buried there." {
				t.Errorf("explanation %q", q.Explanation)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := ParseGIFT(c.src)
			if len(p.Problems) > 0 || len(p.Items) != 1 {
				t.Fatalf("problems %v, %d items", p.Problems, len(p.Items))
			}
			c.check(t, p.Items[0].Question)
		})
	}
}

func wantType(t *testing.T, q Question, want Type) {
	t.Helper()
	if q.Type != want {
		t.Errorf("type %s, want %s", q.Type, want)
	}
}

func wantOptions(t *testing.T, q Question, want []Option) {
	t.Helper()
	if !reflect.DeepEqual(q.Body.Options, want) {
		t.Errorf("options\n got %+v\nwant %+v", q.Body.Options, want)
	}
}

func wantRanges(t *testing.T, q Question, want []Range) {
	t.Helper()
	if !reflect.DeepEqual(q.Body.Ranges, want) {
		t.Errorf("ranges\n got %+v\nwant %+v", q.Body.Ranges, want)
	}
}

// A whole file: categories, comments, blank lines, the matching question
// Moodle documents, and a description, which is reported rather than guessed.
func TestParseGIFTFile(t *testing.T) {
	t.Parallel()
	src := "// EXAMPLE QUESTIONS\r\n\r\n$CATEGORY: $course$/top/党史\r\n\r\n" +
		"// [tag:一大] [difficulty:2]\r\n中国共产党第一次全国代表大会在哪一年召开？{~1919 =1921 ~1927}\r\n\r\n" +
		"Match the following countries with their corresponding capitals. {\n    =Canada -> Ottawa\n    =Italy  -> Rome\n    }\n\n" +
		"$CATEGORY: 党章\n\n党员应当按期交纳党费。{T}\n\n" +
		"A description with no answers.\n"
	p := ParseGIFT(src)
	if len(p.Items) != 3 {
		t.Fatalf("items %+v", p.Items)
	}
	q := p.Items[0].Question
	if q.KnowledgePoint != "党史" || !reflect.DeepEqual(q.Tags, []string{"一大"}) || q.Difficulty != 2 || p.Items[0].Line != 6 {
		t.Errorf("first %+v line %d", q, p.Items[0].Line)
	}
	m := p.Items[1]
	if m.Line != 8 || m.Question.Type != Match || !reflect.DeepEqual(m.Question.Body.Pairs,
		[]Pair{{Prompt: "Canada", Answer: "Ottawa"}, {Prompt: "Italy", Answer: "Rome"}}) {
		t.Errorf("matching %+v", m)
	}
	if p.Items[2].Question.KnowledgePoint != "党章" || p.Items[2].Line != 15 {
		t.Errorf("third %+v", p.Items[2])
	}
	if len(p.Problems) != 1 || p.Problems[0].Line != 17 || !strings.Contains(p.Problems[0].Message, "描述题") {
		t.Fatalf("problems %+v", p.Problems)
	}
}

func TestParseGIFTErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ src, want string }{
		{"Unclosed {=a ~b", "没有对应的 }"},
		{"Stray } brace {=a}", "多了一个 }"},
		{"Nested {=a {~b} }", "又出现了 {"},
		{"Bad number {#abc}", "不是数字"},
		{"Bad range {#3..1}", "不是数字"},
		{"No mark {abc}", "无法识别"},
		{"::Unclosed title Question {T}", "::"},
		{"Empty answer {=a ~}", "空的"},
		{"One option only {~%100%a}", "2 到 8 个选项"},
		{"Weights short {~%50%a ~b}", "100%"},
		{"Mixed blanks {=a} and {~b =c}", "填空答案"},
		{"Weight too big {~%150%a ~b}", "-100%"},
		{"Single without right {=%50%a ~b}", "正确选项"},
	}
	for _, c := range cases {
		p := ParseGIFT(c.src)
		if len(p.Items) != 0 || len(p.Problems) != 1 || !strings.Contains(p.Problems[0].Message, c.want) {
			t.Errorf("%q: items %d problems %+v, want %q", c.src, len(p.Items), p.Problems, c.want)
		}
	}
}

func TestParseGIFTSeveralBlanks(t *testing.T) {
	t.Parallel()
	p := ParseGIFT("党的最高领导机关是党的{=全国代表大会}和它所产生的{=中央委员会 =中央委}。")
	if len(p.Problems) > 0 {
		t.Fatal(p.Problems)
	}
	q := p.Items[0].Question
	if q.Type != Fill || len(q.Body.Blanks) != 2 || q.Stem != "党的最高领导机关是党的_____和它所产生的_____。" {
		t.Errorf("%+v", q)
	}
}
