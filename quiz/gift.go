package quiz

import (
	"cmp"
	"errors"
	"html"
	"regexp"
	"strconv"
	"strings"
)

// GIFT is Moodle's text format for questions. ParseGIFT follows Moodle's
// own importer (question/format/gift): questions are separated by blank
// lines, "//" lines are comments, "$CATEGORY:" sets the category (stored as
// the knowledge point), "::title::" names a question, and the answers sit
// in braces. Comments of the form "// [tag:x] [difficulty:2]" carry the tags
// and difficulty, which GIFT itself lacks. One extension: a question with
// several short-answer blocks becomes a fill-in question with several
// blanks. Any text that may carry a format marker ([html], [moodle],
// [plain], [markdown]) may start with one: the stem, options, feedback,
// general feedback and matching prompts; without one, a text takes the
// stem's format, as in Moodle. Descriptions (no braces) and anything else
// not understood are reported, never guessed.

// BlankMark stands for a gap in the stem of a fill-in or missing-word
// question, as Moodle writes it.
const BlankMark = "_____"

// Escaped control characters are swapped for private placeholders before
// the structure is parsed, and restored afterwards.
var giftEscapes = strings.NewReplacer(`\\`, "\x00", `\~`, "\x01", `\=`, "\x02", `\#`, "\x03",
	`\{`, "\x04", `\}`, "\x05", `\:`, "\x06", `\n`, "\n")
var giftRestore = strings.NewReplacer("\x00", `\`, "\x01", "~", "\x02", "=", "\x03", "#",
	"\x04", "{", "\x05", "}", "\x06", ":")

var (
	tagComment  = regexp.MustCompile(`\[tag:((?:\\\]|[^\]])+)\]`)
	diffComment = regexp.MustCompile(`\[difficulty:([1-5])\]`)
	formatTag   = regexp.MustCompile(`^\[(html|moodle|plain|markdown)\]`)
	mdStrong    = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

type giftBlock struct {
	line     int
	text     string
	comments []string
}

// ParseGIFT reads a GIFT file.
func ParseGIFT(src string) Parsed {
	var out Parsed
	category := ""
	for _, b := range giftBlocks(src) {
		text := b.text
		if rest, ok := strings.CutPrefix(text, "$CATEGORY:"); ok {
			first, after, _ := strings.Cut(rest, "\n")
			category = cleanCategory(first)
			if text = strings.TrimSpace(after); text == "" {
				continue
			}
		}
		q, err := parseGIFTQuestion(text)
		if err != nil {
			out.fail(b.line, "%s", err.Error())
			continue
		}
		q.KnowledgePoint = category
		applyComments(&q, b.comments)
		out.add(b.line, q)
	}
	return out
}

// giftBlocks splits the file at blank lines, setting comments aside.
func giftBlocks(src string) []giftBlock {
	src = strings.TrimPrefix(strings.ReplaceAll(src, "\r\n", "\n"), "\ufeff")
	var blocks []giftBlock
	var cur *giftBlock
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			cur = nil
			continue
		case cur == nil:
			blocks = append(blocks, giftBlock{line: i + 1})
			cur = &blocks[len(blocks)-1]
		}
		if strings.HasPrefix(t, "//") {
			cur.comments = append(cur.comments, t)
			continue
		}
		if cur.text == "" {
			cur.line = i + 1
			cur.text = line
		} else {
			cur.text += "\n" + line
		}
	}
	kept := blocks[:0]
	for _, b := range blocks {
		if b.text = strings.TrimSpace(b.text); b.text != "" {
			kept = append(kept, b)
		}
	}
	return kept
}

func cleanCategory(c string) string {
	c = strings.TrimSpace(c)
	for _, p := range []string{"$course$/", "$system$/", "$module$/", "$cat1$/", "top/"} {
		c = strings.TrimPrefix(c, p)
	}
	return strings.TrimSpace(c)
}

func applyComments(q *Question, comments []string) {
	for _, c := range comments {
		for _, m := range tagComment.FindAllStringSubmatch(c, -1) {
			q.Tags = append(q.Tags, strings.TrimSpace(strings.ReplaceAll(m[1], `\]`, "]")))
		}
		if m := diffComment.FindStringSubmatch(c); m != nil {
			q.Difficulty, _ = strconv.Atoi(m[1])
		}
	}
}

type braces struct{ open, close int }

// answerBlocks finds the {…} pairs, refusing nesting and stray braces.
func answerBlocks(s string) ([]braces, error) {
	var out []braces
	open := -1
	for i, r := range s {
		switch {
		case r == '{' && open >= 0:
			return nil, errors.New("花括号不配对：答案中又出现了 {（字面的 { 须写作 \\{）")
		case r == '{':
			open = i
		case r == '}' && open < 0:
			return nil, errors.New("花括号不配对：多了一个 }（字面的 } 须写作 \\}）")
		case r == '}':
			out = append(out, braces{open, i})
			open = -1
		}
	}
	if open >= 0 {
		return nil, errors.New("花括号不配对：{ 没有对应的 }")
	}
	if len(out) == 0 {
		return nil, errors.New("没有答案部分 {…}：描述题不受支持")
	}
	return out, nil
}

func parseGIFTQuestion(raw string) (Question, error) {
	s := giftEscapes.Replace(raw)
	var q Question
	if rest, ok := strings.CutPrefix(s, "::"); ok {
		title, after, found := strings.Cut(rest, "::")
		if !found {
			return q, errors.New("题目名称缺少结尾的 ::")
		}
		q.Title, s = giftText(title), strings.TrimSpace(after)
	}
	format := "moodle"
	if m := formatTag.FindStringSubmatch(s); m != nil {
		format, s = m[1], s[len(m[0]):]
	}
	blocks, err := answerBlocks(s)
	if err != nil {
		return q, err
	}
	if len(blocks) > 1 {
		err = parseBlanks(&q, s, blocks)
	} else {
		err = parseOneBlock(&q, s, blocks[0], format)
	}
	q.Stem = formatText(q.Stem, format)
	return q, err
}

// giftFormatted reads a text that may start with its own format marker;
// without one it takes def, the stem's format.
func giftFormatted(s, def string) string {
	s = strings.TrimSpace(s)
	if m := formatTag.FindStringSubmatch(s); m != nil {
		def, s = m[1], s[len(m[0]):]
	}
	return formatText(giftText(s), def)
}

// formatText turns GIFT text into the HTML a stem holds.
func formatText(s, format string) string {
	switch format {
	case "plain":
		return html.EscapeString(s)
	case "markdown":
		return mdStrong.ReplaceAllString(html.EscapeString(s), "<strong>$1</strong>")
	}
	return s
}

func giftText(s string) string { return strings.TrimSpace(giftRestore.Replace(s)) }

func parseOneBlock(q *Question, s string, b braces, format string) error {
	before, answer, after := s[:b.open], s[b.open+1:b.close], s[b.close+1:]
	q.Stem = giftText(before)
	if strings.TrimSpace(after) != "" {
		q.Stem = giftText(before + BlankMark + after)
	}
	if general, fb, ok := strings.Cut(answer, "####"); ok {
		answer, q.Explanation = general, giftFormatted(fb, format)
	}
	return parseAnswer(q, strings.TrimSpace(answer), format)
}

func parseAnswer(q *Question, a, format string) error {
	head, _, _ := strings.Cut(a, "#")
	switch {
	case a == "":
		q.Type = Short
		return nil
	case strings.HasPrefix(a, "#"):
		return parseNumeric(q, strings.TrimSpace(a[1:]), format)
	case strings.HasPrefix(a, "=") && strings.Contains(a, "->"):
		return parseMatch(q, a, format)
	case isTrueFalse(head):
		return parseTrueFalse(q, a, format)
	case strings.Contains(a, "~"):
		return parseChoice(q, a, format)
	case strings.HasPrefix(a, "="):
		return parseShortAnswer(q, a)
	}
	return errors.New("无法识别的答案格式：选项须以 = 或 ~ 开头，数值题以 # 开头")
}

func isTrueFalse(s string) bool {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "T", "TRUE", "F", "FALSE":
		return true
	}
	return false
}

// parseTrueFalse: {T}, {FALSE#feedback if wrong#feedback if right}.
func parseTrueFalse(q *Question, a, format string) error {
	parts := strings.Split(a, "#")
	truth := strings.HasPrefix(strings.ToUpper(strings.TrimSpace(parts[0])), "T")
	q.Type, q.Body.Options = TrueFalse, TrueFalseOptions(truth)
	right, wrong := 0, 1
	if !truth {
		right, wrong = 1, 0
	}
	if len(parts) > 1 {
		q.Body.Options[wrong].Feedback = giftFormatted(parts[1], format)
	}
	if len(parts) > 2 {
		q.Body.Options[right].Feedback = giftFormatted(parts[2], format)
	}
	return nil
}

type giftAnswer struct {
	mark     byte
	weight   float64
	weighted bool
	text     string
	feedback string
}

// splitAnswers cuts "=a ~%50%b#why" into answers at each = or ~. format
// is the stem's, for texts that are rich; "" keeps texts plain (the
// answers of a blank).
func splitAnswers(a, format string) ([]giftAnswer, error) {
	var out []giftAnswer
	start := -1
	flush := func(end int) error {
		if start < 0 {
			if strings.TrimSpace(a[:end]) != "" {
				return errors.New("答案须以 = 或 ~ 开头")
			}
			return nil
		}
		ans, err := parseGIFTAnswer(a[start], a[start+1:end], format)
		out = append(out, ans)
		return err
	}
	for i := 0; i < len(a); i++ {
		if a[i] == '=' || a[i] == '~' {
			if err := flush(i); err != nil {
				return nil, err
			}
			start = i
		}
	}
	if err := flush(len(a)); err != nil {
		return nil, err
	}
	return out, nil
}

var weightRe = regexp.MustCompile(`^\s*%(-?[0-9]+(?:\.[0-9]+)?)%`)

func parseGIFTAnswer(mark byte, s, format string) (giftAnswer, error) {
	ans := giftAnswer{mark: mark}
	if mark == '=' {
		ans.weight = 1
	}
	if m := weightRe.FindStringSubmatch(s); m != nil {
		w, _ := strconv.ParseFloat(m[1], 64)
		if w < -100 || w > 100 {
			return ans, errors.New("分值比例须在 -100% 到 100% 之间")
		}
		ans.weight, ans.weighted, s = w/100, true, s[len(m[0]):]
	}
	text, fb, _ := strings.Cut(s, "#")
	ans.feedback = giftFormatted(fb, cmp.Or(format, "moodle"))
	if format != "" {
		ans.text = giftFormatted(text, format)
	} else {
		// A blank's accepted answer is plain text: a marker is dropped.
		ans.text = giftText(formatTag.ReplaceAllString(strings.TrimSpace(text), ""))
	}
	if ans.text == "" {
		return ans, errors.New("有一个答案是空的")
	}
	return ans, nil
}

// parseChoice: with an "=" answer it is single choice (Moodle's rule);
// with only "~" answers carrying weights, multiple choice.
func parseChoice(q *Question, a, format string) error {
	answers, err := splitAnswers(a, format)
	if err != nil {
		return err
	}
	q.Type = Multiple
	for _, ans := range answers {
		if ans.mark == '=' {
			q.Type = Single
		}
		q.Body.Options = append(q.Body.Options, Option{Text: ans.text, Weight: ans.weight, Feedback: ans.feedback})
	}
	return nil
}

func parseShortAnswer(q *Question, a string) error {
	answers, err := splitAnswers(a, "")
	if err != nil {
		return err
	}
	var b Blank
	for _, ans := range answers {
		b.Answers = append(b.Answers, Option{Text: ans.text, Weight: ans.weight, Feedback: ans.feedback})
	}
	q.Type, q.Body.Blanks = Fill, []Blank{b}
	return nil
}

// parseBlanks reads a question with several short-answer blocks; each
// block but a trailing one leaves a BlankMark in the stem.
func parseBlanks(q *Question, s string, blocks []braces) error {
	var stem strings.Builder
	prev := 0
	for i, b := range blocks {
		stem.WriteString(s[prev:b.open])
		if i < len(blocks)-1 || strings.TrimSpace(s[b.close+1:]) != "" {
			stem.WriteString(BlankMark)
		}
		prev = b.close + 1
		a := strings.TrimSpace(s[b.open+1 : b.close])
		if !strings.HasPrefix(a, "=") || strings.Contains(a, "~") || strings.Contains(a, "->") {
			return errors.New("一题中有多个 {…} 时，每个都须是填空答案（=答案）")
		}
		var one Question
		if err := parseShortAnswer(&one, a); err != nil {
			return err
		}
		q.Body.Blanks = append(q.Body.Blanks, one.Body.Blanks[0])
	}
	stem.WriteString(s[prev:])
	q.Type, q.Stem = Fill, giftText(stem.String())
	return nil
}

// parseNumeric: {#1822:1}, {#3.141..3.142}, {#=1822:0 =%50%1822:2}, and
// Moodle's "any other answer" after a tilde: {#3:2 ~#Completely wrong}.
func parseNumeric(q *Question, a, format string) error {
	q.Type = Numeric
	main, others, _ := strings.Cut(a, "~")
	if err := parseNumericMain(q, strings.TrimSpace(main), format); err != nil {
		return err
	}
	if others == "" {
		return nil
	}
	for _, part := range strings.Split(others, "~") {
		r, err := parseOtherAnswer(part, format)
		if err != nil {
			return err
		}
		q.Body.Ranges = append(q.Body.Ranges, r)
	}
	return nil
}

func parseNumericMain(q *Question, a, format string) error {
	if !strings.HasPrefix(a, "=") {
		text, fb, _ := strings.Cut(a, "#")
		r, err := parseRange(text)
		r.Weight, r.Feedback = 1, giftFormatted(fb, format)
		q.Body.Ranges = []Range{r}
		return err
	}
	answers, err := splitAnswers(a, "")
	if err != nil {
		return err
	}
	for _, ans := range answers {
		r, err := parseRange(ans.text)
		if err != nil {
			return err
		}
		r.Weight, r.Feedback = ans.weight, giftFormatted(ans.feedback, format)
		q.Body.Ranges = append(q.Body.Ranges, r)
	}
	return nil
}

// parseOtherAnswer reads "~#feedback" (or "~%0%#feedback"): the feedback
// for any number no other answer accepts. A tilde with a number is refused.
func parseOtherAnswer(s, format string) (Range, error) {
	r := Range{Any: true}
	if m := weightRe.FindStringSubmatch(s); m != nil {
		r.Weight, _ = strconv.ParseFloat(m[1], 64)
		r.Weight, s = r.Weight/100, s[len(m[0]):]
	}
	text, fb, _ := strings.Cut(s, "#")
	if strings.TrimSpace(text) != "" {
		return r, errors.New("数值题中 ~ 只用于“其他答案”的反馈，须写作 ~#反馈")
	}
	r.Feedback = giftFormatted(fb, format)
	return r, nil
}

// parseMatch: {=prompt -> answer =prompt2 -> answer2 = -> distractor}.
// Prompts may carry a format marker; answers are plain text.
func parseMatch(q *Question, a, format string) error {
	q.Type = Match
	for _, part := range strings.Split(a, "=")[1:] {
		prompt, answer, ok := strings.Cut(part, "->")
		if !ok {
			return errors.New("配对题的每一项须写作 =左项 -> 右项（多余的答案写作 = -> 右项）")
		}
		q.Body.Pairs = append(q.Body.Pairs, Pair{Prompt: giftFormatted(prompt, format), Answer: giftText(answer)})
	}
	return nil
}

func parseRange(s string) (Range, error) {
	s = strings.TrimSpace(giftRestore.Replace(s))
	bad := errors.New("数值答案“" + s + "”不是数字（写作 3.14、3.14:0.01 或 3.1..3.2）")
	if lo, hi, ok := strings.Cut(s, ".."); ok {
		a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		if err1 != nil || err2 != nil || b < a {
			return Range{}, bad
		}
		return Range{Value: (a + b) / 2, Tolerance: (b - a) / 2}, nil
	}
	v, tol, _ := strings.Cut(s, ":")
	val, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return Range{}, bad
	}
	r := Range{Value: val}
	if strings.TrimSpace(tol) != "" {
		if r.Tolerance, err = strconv.ParseFloat(strings.TrimSpace(tol), 64); err != nil || r.Tolerance < 0 {
			return Range{}, bad
		}
	}
	return r, nil
}
