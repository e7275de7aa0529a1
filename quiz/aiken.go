package quiz

import (
	"html"
	"regexp"
	"strings"
)

// Aiken is Moodle's plain format for choice questions:
//
//	Question text
//	A. first option
//	B) second option
//	ANSWER: B
//
// Moodle's rules (question/format/aiken/format.php): an option or ANSWER
// line with no question open is reported as "question not started"; a
// question with fewer than two options is refused; a text line after
// options without an ANSWER line reports the open question as not
// completed and starts the next one, so a good question after a bad one is
// still read. Our extensions for Chinese authors: the question text may
// run over several lines before its options, "答案：" for "ANSWER:", "A、"
// for "A.", and several letters ("ANSWER: AC") make a multiple-choice
// question.

var (
	aikenOption = regexp.MustCompile(`^([A-Ha-h])\s*[.)．、）]\s*(.*)$`)
	aikenAnswer = regexp.MustCompile(`^(?i:ANSWER|答案)\s*[:：]\s*(.*)$`)
)

type aikenState struct {
	out   Parsed
	line  int // where the current question starts; 0 between questions
	stem  []string
	opts  []string
	error string
}

// ParseAiken reads an Aiken file.
func ParseAiken(src string) Parsed {
	src = strings.TrimPrefix(strings.ReplaceAll(src, "\r\n", "\n"), "\ufeff")
	st := &aikenState{}
	for i, raw := range strings.Split(strings.ReplaceAll(src, "\r", "\n"), "\n") {
		st.feed(i+1, strings.TrimSpace(raw))
	}
	if st.line != 0 {
		st.out.fail(st.line, "题目缺少 ANSWER: 行")
	}
	return st.out
}

func (st *aikenState) feed(n int, line string) {
	if line == "" {
		return
	}
	if m := aikenAnswer.FindStringSubmatch(line); m != nil {
		if st.line == 0 {
			st.out.fail(n, "ANSWER 行之前没有题干和选项（题目未开始）")
			return
		}
		st.finish(m[1])
		return
	}
	if m := aikenOption.FindStringSubmatch(line); m != nil {
		st.option(n, m[1], m[2])
		return
	}
	if st.line != 0 && len(st.opts) > 0 {
		st.out.fail(st.line, "题目未完成：选项之后缺少 ANSWER: 行（第 %d 行开始了下一题）", n)
		st.line = 0
	}
	if st.line == 0 {
		*st = aikenState{out: st.out, line: n}
	}
	st.stem = append(st.stem, line)
}

func (st *aikenState) option(n int, letter, text string) {
	if st.line == 0 {
		st.out.fail(n, "选项之前没有题干（题目未开始）")
		return
	}
	if want := 'A' + rune(len(st.opts)); rune(strings.ToUpper(letter)[0]) != want && st.error == "" {
		st.error = "选项字母须按 A、B、C… 的顺序，这里应为 " + string(want)
	}
	st.opts = append(st.opts, text)
}

func (st *aikenState) finish(answer string) {
	line := st.line
	defer func() { st.line = 0 }()
	if st.error != "" {
		st.out.fail(line, "%s", st.error)
		return
	}
	if len(st.opts) < 2 {
		st.out.fail(line, "题目至少须有 2 个选项，现有 %d 个", len(st.opts))
		return
	}
	q := Question{Stem: html.EscapeString(strings.Join(st.stem, "\n"))}
	for _, o := range st.opts {
		q.Body.Options = append(q.Body.Options, Option{Text: html.EscapeString(o)})
	}
	if err := setChoiceAnswer(&q, answer); err != nil {
		st.out.fail(line, "%s", err.Error())
		return
	}
	st.out.add(line, q)
}
