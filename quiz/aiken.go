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
// As in Moodle the question text may run over several lines. Two
// extensions for Chinese authors: "答案：" for "ANSWER:", "A、" for "A.", and
// several letters ("ANSWER: AC") make a multiple-choice question.

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
	for i, raw := range strings.Split(src, "\n") {
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
	if st.line == 0 {
		*st = aikenState{out: st.out, line: n}
	}
	if m := aikenAnswer.FindStringSubmatch(line); m != nil {
		st.finish(m[1])
		return
	}
	if m := aikenOption.FindStringSubmatch(line); m != nil && len(st.stem) > 0 {
		if want := 'A' + rune(len(st.opts)); rune(strings.ToUpper(m[1])[0]) != want && st.error == "" {
			st.error = "选项字母须按 A、B、C… 的顺序，这里应为 " + string(want)
		}
		st.opts = append(st.opts, m[2])
		return
	}
	if len(st.opts) > 0 {
		if st.error == "" {
			st.error = "选项之后须紧跟 ANSWER: 行（题干须写在选项之前）"
		}
		return
	}
	st.stem = append(st.stem, line)
}

func (st *aikenState) finish(answer string) {
	line := st.line
	defer func() { st.line = 0 }()
	if st.error != "" {
		st.out.fail(line, "%s", st.error)
		return
	}
	if len(st.stem) == 0 || len(st.opts) == 0 {
		st.out.fail(line, "ANSWER 行之前须有题干和选项")
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
