package quiz

import (
	"reflect"
	"testing"
)

// Moodle's own GIFT import cases (question/format/gift/tests/
// giftformat_test.php, every test_import_* and the comment cases of
// test_extract_idnumber_and_tags_from_comment), written as our Question.
// Moodle keeps a format beside each text; we keep HTML, so a format shows
// in the text: [plain] and [markdown] are escaped, [html] and [moodle] kept.
//
// Left out, as our model has no place for them:
//   - test_import_multichoice runs six times with Moodle's answernumbering
//     setting (abc, ABCD, 123, …), a display option we do not store; the
//     question read is the same each time, and is one case here.
//   - essay options (responseformat, responsefieldlines, attachments,
//     graderinfo), penalty, defaultmark, shuffleanswers and the combined
//     feedback fields (correctfeedback, …): no such settings here; an essay
//     is our 简答题 graded by hand.
//   - [id:…] idnumbers: questions have no idnumber; the comments are still
//     read for their tags.
//   - the test_export_* cases test Moodle's writer; ours is tested by a
//     round trip (TestGIFTRoundTrip…).
type giftCase struct {
	name string
	src  string
	want Question
}

var moodleGIFTCases = []giftCase{
	{"essay", "\n// essay\n::Q8:: How are you? {}",
		Question{Type: Short, Title: "Q8", Stem: "How are you?"}},
	{"match", "\n// question: 2  name: Moodle activities\n::Moodle activities::[html]Match the <b>activity</b> to the description.{\n" +
		"    =[html]An activity supporting asynchronous discussions. -> Forum\n" +
		"    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n" +
		"    =[plain]A bank of record entries which participants can add to. -> Database\n" +
		"    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n" +
		"    = -> Chat\n}",
		Question{Type: Match, Title: "Moodle activities", Stem: "Match the <b>activity</b> to the description.",
			Body: Body{Pairs: []Pair{
				{"An activity supporting asynchronous discussions.", "Forum"},
				{"A teacher asks a question and specifies a choice of multiple responses.", "Choice"},
				{"A bank of record entries which participants can add to.", "Database"},
				{"A collection of web pages that anyone can add to or edit.", "Wiki"},
				{"", "Chat"}}}}},
	{"multichoice", "\n// multiple choice with specified feedback for right and wrong answers\n" +
		"::Q2:: What's between orange and green in the spectrum?\n{\n    =yellow # right; good!\n" +
		"    ~red # [html]wrong, it's yellow\n    ~[plain]blue # wrong, it's yellow\n}",
		Question{Type: Single, Title: "Q2", Stem: "What&#39;s between orange and green in the spectrum?",
			Body: Body{Options: []Option{{"yellow", 1, "right; good!"}, {"red", 0, "wrong, it's yellow"},
				{"blue", 0, "wrong, it's yellow"}}}}},
	{"multichoice_multi", "\n// multiple choice, multiple response with specified feedback for right and wrong answers\n" +
		"::colours:: What's between orange and green in the spectrum?\n{\n    ~%50%yellow # right; good!\n" +
		"    ~%-100%red # [html]wrong\n    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}",
		Question{Type: Multiple, Title: "colours", Stem: "What&#39;s between orange and green in the spectrum?",
			Body: Body{Options: []Option{{"yellow", 0.5, "right; good!"}, {"red", -1, "wrong"},
				{"off-beige", 0.5, "right; good!"}, {"blue", -1, "wrong"}}}}},
	{"multichoice_multi_tricky", "\n// multiple choice, multiple response with specified feedback for right and wrong answers\n" +
		"::colours:: What's between orange and green in the spectrum?\n{\n    ~%100%yellow # right; good!\n" +
		"    ~%-50%red # wrong\n    ~%-50%blue # wrong\n}",
		Question{Type: Multiple, Title: "colours", Stem: "What&#39;s between orange and green in the spectrum?",
			Body: Body{Options: []Option{{"yellow", 1, "right; good!"}, {"red", -0.5, "wrong"}, {"blue", -0.5, "wrong"}}}}},
	{"numerical", "\n// math range question\n::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}",
		Question{Type: Numeric, Title: "Q5", Stem: "What is a number from 1 to 5?",
			Body: Body{Ranges: []Range{{Value: 3, Tolerance: 2, Weight: 1}, {Any: true, Feedback: "Completely wrong"}}}}},
	{"shortanswer", "\n// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n" +
		"    =%50%Cat#What is it with Moodlers and cats?\n    =%0%*#Completely wrong\n}",
		Question{Type: Fill, Title: "Shortanswer", Stem: "Which is the best animal?", Body: Body{Blanks: moodleAnimals}}},
	{"shortanswer_with_general_feedback", "\n// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n" +
		"    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n    =%0%*#Completely wrong\n" +
		"    ####[html]Here is some general feedback!\n}",
		Question{Type: Fill, Title: "Shortanswer", Stem: "Which is the best animal?", Body: Body{Blanks: moodleAnimals},
			Explanation: "Here is some general feedback!"}},
	{"truefalse", "\n// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\nFALSE#42 is the Ultimate Answer.#You gave the right answer.}",
		Question{Type: TrueFalse, Title: "Q1", Stem: "42 is the Absolute Answer to everything.",
			Body: Body{Options: []Option{{"正确", 0, "42 is the Ultimate Answer."}, {"错误", 1, "You gave the right answer."}}}}},
	{"truefalse_true_answer1", "// name 0-11\n::2-08 TSL::TSL is blablabla.{T}",
		Question{Type: TrueFalse, Title: "2-08 TSL", Stem: "TSL is blablabla.", Body: Body{Options: TrueFalseOptions(true)}}},
	{"truefalse_true_answer2", "// name 0-11\n::2-08 TSL::TSL is blablabla.{TRUE}",
		Question{Type: TrueFalse, Title: "2-08 TSL", Stem: "TSL is blablabla.", Body: Body{Options: TrueFalseOptions(true)}}},
	{"backslash", "\n// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}",
		Question{Type: Short, Title: "double backslash", Stem: `A \ B \\ C`}},
	{"pre_content", "\n::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n    public void test() \\{\n" +
		"        method1();\n        method2();\n        method3();\n    \\}\n</pre>\n{}",
		Question{Type: Short, Title: "Q001", Stem: "<p>What would running the test method print?</p>\n<pre>\n    public void test() {\n" +
			"        method1();\n        method2();\n        method3();\n    }\n</pre>"}},
	{"question_with_tags", "\n// This question is to test importing tags: [tag:tag] [tag:other-tag].\n// And an idnumber: [id:myid].\n" +
		"::Question name:: How are you? {}",
		Question{Type: Short, Title: "Question name", Stem: "How are you?", Tags: []string{"tag", "other-tag"}}},
}

var moodleAnimals = []Blank{{Answers: []Option{{"Frog", 1, "Good!"}, {"Cat", 0.5, "What is it with Moodlers and cats?"},
	{"*", 0, "Completely wrong"}}}}

// Moodle's extract_idnumber_and_tags_from_comment cases, as the tags a
// question under that comment gets.
var moodleTagComments = []struct {
	name, comment string
	tags          []string
}{
	{"blank comment", "", nil},
	{"nothing in comment", "// A basic comment.", nil},
	{"idnumber only", "// A comment with [id:frog] <-- an idnumber.", nil},
	{"tags only", "// Look tags: [tag:frog] [tag:toad].", []string{"frog", "toad"}},
	{"everything", "// [tag:add] [tag:basic] [id:four]", []string{"add", "basic"}},
	{"everything mixed up", "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.", []string{"basic", "add"}},
	{"split over line", "// Ceci n\\'est pas une [tag:\n\\ frog].", nil},
	{"escape ] idnumber", "// [id:i\\]d].", nil},
	{"escape ] tag", "// [tag:t\\]ag].", []string{"t]ag"}},
}

// Format markers on every text that may carry one, beyond Moodle's cases.
var formatMarkerCases = []giftCase{
	{"plain option escaped, stem default for others", "[plain]1 < 2?{=[html]<b>yes</b> ~no <i>x</i># [markdown]**not** so}",
		Question{Type: Single, Stem: "1 &lt; 2?", Body: Body{Options: []Option{{"<b>yes</b>", 1, ""},
			{"no &lt;i&gt;x&lt;/i&gt;", 0, "<strong>not</strong> so"}}}}},
	{"true/false feedback and general feedback", "Sky is blue{T#[plain]<no>#[html]<b>yes</b>####[plain]a & b}",
		Question{Type: TrueFalse, Stem: "Sky is blue", Explanation: "a &amp; b",
			Body: Body{Options: []Option{{"正确", 1, "<b>yes</b>"}, {"错误", 0, "&lt;no&gt;"}}}}},
	{"numerical answers with feedback and any other", "::N::Pi?{#=3.14:0.01#[plain]<close> =%50%3:0.5 ~%0%#[html]<i>no</i>}",
		Question{Type: Numeric, Title: "N", Stem: "Pi?", Body: Body{Ranges: []Range{{Value: 3.14, Tolerance: 0.01, Weight: 1,
			Feedback: "&lt;close&gt;"}, {Value: 3, Tolerance: 0.5, Weight: 0.5}, {Any: true, Feedback: "<i>no</i>"}}}}},
	{"matching with markers and shared answers", "配对{=[plain]a<b -> 小于 =[markdown]**c** -> 小于 = -> 大于}",
		Question{Type: Match, Stem: "配对", Body: Body{Pairs: []Pair{{"a&lt;b", "小于"}, {"<strong>c</strong>", "小于"}, {"", "大于"}}}}},
	{"a blank's answer is plain text, its marker dropped", "Best?{=[plain]a<b#[html]<i>yes</i>}",
		Question{Type: Fill, Stem: "Best?", Body: Body{Blanks: []Blank{{Answers: []Option{{"a<b", 1, "<i>yes</i>"}}}}}}},
}

func TestGIFTMoodleImportCases(t *testing.T) {
	t.Parallel()
	for _, c := range append(moodleGIFTCases, formatMarkerCases...) {
		t.Run(c.name, func(t *testing.T) { checkGIFTCase(t, c) })
	}
}

func checkGIFTCase(t *testing.T, c giftCase) {
	t.Helper()
	p := ParseGIFT(c.src)
	if len(p.Problems) != 0 || len(p.Items) != 1 {
		t.Fatalf("problems %+v items %d", p.Problems, len(p.Items))
	}
	got, want := p.Items[0].Question, c.want
	if want.Tags == nil {
		want.Tags = []string{}
	}
	want.Difficulty = 3
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
}

func TestGIFTMoodleTagComments(t *testing.T) {
	t.Parallel()
	for _, c := range moodleTagComments {
		t.Run(c.name, func(t *testing.T) {
			p := ParseGIFT(c.comment + "\nHow are you? {}")
			if len(p.Items) != 1 {
				t.Fatalf("items %+v problems %+v", p.Items, p.Problems)
			}
			want := c.tags
			if want == nil {
				want = []string{}
			}
			if got := p.Items[0].Question.Tags; !reflect.DeepEqual(got, want) {
				t.Errorf("tags %q, want %q", got, want)
			}
		})
	}
}

// Moodle's wildcard short answer and "any other answer" numbers grade as
// Moodle grades them, and keep their feedback for the wrong answers.
func TestGIFTMoodleWildcardsGrade(t *testing.T) {
	t.Parallel()
	sa := ParseGIFT("Best animal?{=Frog#Good! =%50%C*t =%0%*#Completely wrong}").Items[0].Question
	for text, want := range map[string]float64{"frog": 1, "Cat": 0.5, "Coat": 0.5, "dog": 0, "": 0} {
		if got, _ := Grade(&sa, Response{Texts: []string{text}}, false); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
	if fb := textFeedback(&sa, &savedAnswer{Response: Response{Texts: []string{"dog"}}}); !reflect.DeepEqual(fb, []string{"Completely wrong"}) {
		t.Errorf("feedback for a wrong answer %q", fb)
	}
	num := ParseGIFT("1 to 5? {#3:2~#Completely wrong}").Items[0].Question
	if got, _ := Grade(&num, Response{Texts: []string{"9"}}, false); got != 0 {
		t.Errorf("9 earns %v", got)
	}
	if got, _ := Grade(&num, Response{Texts: []string{"4.5"}}, false); got != 1 {
		t.Errorf("4.5 earns %v", got)
	}
	if fb := textFeedback(&num, &savedAnswer{Response: Response{Texts: []string{"9"}}}); !reflect.DeepEqual(fb, []string{"Completely wrong"}) {
		t.Errorf("feedback for 9: %q", fb)
	}
}

// Moodle's fixture questions.gift.txt, as stored (two questions still end
// in the `";` left over from PHP string quotes, which Moodle, like us, keeps
// as text after the answer). Every question is read, in order, and the
// true/false one keeps its #### general feedback.
const moodleGIFTFixture = "// essay\n::Q8:: How are you? {}\n\n" +
	"// question: 2  name: Moodle activities\n::Moodle activities::[html]Match the <b>activity</b> to the description.{\n" +
	"    =[html]An activity supporting asynchronous discussions. -> Forum\n" +
	"    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n" +
	"    =[plain]A bank of record entries which participants can add to. -> Database\n" +
	"    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n    = -> Chat\n}\n\n" +
	"// multiple choice with specified feedback for right and wrong answers\n::Q2:: What's between orange and green in the spectrum?\n{\n" +
	"    =yellow # right; good!\n    ~red # [html]wrong, it's yellow\n    ~[plain]blue # wrong, it's yellow\n}\n\n" +
	"// multiple choice, multiple response with specified feedback for right and wrong answers\n" +
	"::colours:: What's between orange and green in the spectrum?\n{\n    ~%50%yellow # right; good!\n" +
	"    ~%-100%red # [html]wrong\n    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}\n\n" +
	"// math range question\n::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}\";\n\n" +
	"// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n" +
	"    =%50%Cat#What is it with Moodlers and cats?\n    =%0%*#Completely wrong\n}\n\n" +
	"// true/false, with general feedback\n::Q1:: 42 is the Absolute Answer to everything.{\n" +
	"FALSE#42 is the Ultimate Answer.#You gave the right answer.\n" +
	"####This is, of course, a Hitchiker's Guide to the Galaxy reference.}\";\n\n" +
	"// name 0-11\n::2-08 TSL::TSL is blablabla.{T}\n\n// name 0-11\n::2-08 TSL::TSL is blablabla.{TRUE}\n"

func TestGIFTMoodleFixtureFile(t *testing.T) {
	t.Parallel()
	p := ParseGIFT(moodleGIFTFixture)
	if len(p.Problems) > 0 {
		t.Fatalf("problems %+v", p.Problems)
	}
	want := []Type{Short, Match, Single, Multiple, Numeric, Fill, TrueFalse, TrueFalse, TrueFalse}
	if len(p.Items) != len(want) {
		t.Fatalf("%d questions, want %d", len(p.Items), len(want))
	}
	for i, it := range p.Items {
		if it.Question.Type != want[i] {
			t.Errorf("question %d (line %d): %s, want %s", i+1, it.Line, it.Question.Type, want[i])
		}
	}
	if tf := p.Items[6].Question; tf.Explanation != "This is, of course, a Hitchiker&#39;s Guide to the Galaxy reference." ||
		tf.Body.Options[0].Feedback != "42 is the Ultimate Answer." {
		t.Errorf("true/false %+v", tf)
	}
}
