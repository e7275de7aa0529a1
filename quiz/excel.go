package quiz

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"lms/internal/apperr"
)

// ExcelHeaders are the columns of the common Chinese question template;
// 标签 (tags, separated by 、 or commas) is our optional addition.
var ExcelHeaders = []string{"题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F",
	"选项G", "选项H", "答案", "解析", "难度", "知识点", "标签"}

var excelTypes = map[string]Type{
	"单选": Single, "单选题": Single, "单项选择题": Single, "多选": Multiple, "多选题": Multiple,
	"多项选择题": Multiple, "判断": TrueFalse, "判断题": TrueFalse, "填空": Fill, "填空题": Fill,
	"数值": Numeric, "数值题": Numeric, "简答": Short, "简答题": Short, "问答题": Short, "论述题": Short,
	"配对": Match, "配对题": Match, "匹配题": Match, "连线题": Match,
}

var difficultyWords = map[string]int{"易": 1, "容易": 1, "简单": 1, "较易": 2, "中": 3, "中等": 3,
	"一般": 3, "较难": 4, "难": 5, "困难": 5}

// ParseExcel reads the first sheet of an .xlsx file in the template's
// layout; the header row names the columns, in any order.
func ParseExcel(data []byte) (Parsed, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return Parsed{}, apperr.Invalidf("无法读取 Excel 文件，请上传 .xlsx 格式")
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		return Parsed{}, apperr.Invalidf("无法读取 Excel 工作表：%v", err)
	}
	if len(rows) == 0 {
		return Parsed{}, apperr.Invalidf("Excel 文件是空的")
	}
	cols, err := excelColumns(rows[0])
	if err != nil {
		return Parsed{}, err
	}
	var out Parsed
	for i, row := range rows[1:] {
		r := excelRow{cols: cols, cells: row}
		if r.blank() {
			continue
		}
		q, err := r.question()
		if err != nil {
			out.fail(i+2, "%s", err.Error())
			continue
		}
		out.add(i+2, q)
	}
	return out, nil
}

func excelColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"题型", "题干", "答案"} {
		if _, ok := cols[need]; !ok {
			return nil, apperr.Invalidf("第 1 行须是表头，缺少“%s”列（请使用模板）", need)
		}
	}
	return cols, nil
}

type excelRow struct {
	cols  map[string]int
	cells []string
}

func (r excelRow) get(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

func (r excelRow) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r excelRow) question() (Question, error) {
	t, ok := excelTypes[r.get("题型")]
	if !ok {
		return Question{}, apperr.Invalidf("题型“%s”不受支持（可用：单选题、多选题、判断题、填空题、数值题、简答题、配对题）", r.get("题型"))
	}
	q := Question{Type: t, Stem: textToHTML(r.get("题干")), Explanation: textToHTML(r.get("解析")),
		KnowledgePoint: r.get("知识点"), Tags: splitList(r.get("标签"))}
	d, err := parseDifficulty(r.get("难度"))
	if err != nil {
		return q, err
	}
	q.Difficulty = d
	return q, r.answer(&q)
}

func (r excelRow) answer(q *Question) error {
	answer := r.get("答案")
	switch q.Type {
	case Single, Multiple:
		want := q.Type
		for c := 'A'; c <= 'H'; c++ {
			q.Body.Options = append(q.Body.Options, Option{Text: textToHTML(r.get("选项" + string(c)))})
		}
		if err := setChoiceAnswer(q, answer); err != nil {
			return err
		}
		q.Body.Options = trimOptions(q.Body.Options)
		if want == Single && q.Type == Multiple {
			return apperr.Invalidf("单选题只能有一个答案，这里是“%s”", answer)
		}
		q.Type = want
	case TrueFalse:
		truth, err := parseTruth(answer)
		q.Body.Options = TrueFalseOptions(truth)
		return err
	case Fill:
		q.Body.Blanks = parseBlankAnswers(answer)
	case Numeric:
		rg, err := parseRange(answer)
		rg.Weight = 1
		q.Body.Ranges = []Range{rg}
		return err
	case Match:
		return r.pairs(q)
	}
	return nil
}

// pairs reads a matching question's option columns, each "左项 -> 右项";
// "-> 右项" alone is an extra wrong answer. The 答案 column is not used.
func (r excelRow) pairs(q *Question) error {
	for c := 'A'; c <= 'H'; c++ {
		cell := strings.ReplaceAll(r.get("选项"+string(c)), "→", "->")
		if cell == "" {
			continue
		}
		prompt, answer, ok := strings.Cut(cell, "->")
		if !ok {
			return apperr.Invalidf("配对题的选项%c须写作“左项 -> 右项”（多余的答案写作“-> 右项”），这里是“%s”", c, cell)
		}
		q.Body.Pairs = append(q.Body.Pairs, Pair{Prompt: textToHTML(strings.TrimSpace(prompt)), Answer: strings.TrimSpace(answer)})
	}
	return nil
}

// trimOptions drops the empty options after the last one filled; an empty
// one in between is an error that Normalize reports.
func trimOptions(opts []Option) []Option {
	n := len(opts)
	for n > 0 && opts[n-1].Text == "" {
		n--
	}
	return opts[:n]
}

func parseTruth(s string) (bool, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "正确", "对", "是", "√", "✓", "T", "TRUE", "A", "Y":
		return true, nil
	case "错误", "错", "否", "×", "✗", "X", "F", "FALSE", "B", "N":
		return false, nil
	}
	return false, apperr.Invalidf("判断题的答案须为“正确”或“错误”，这里是“%s”", s)
}

// parseBlankAnswers: blanks separated by |, the answers one blank accepts
// by / (a full-width ｜ or ／ works too).
func parseBlankAnswers(s string) []Blank {
	s = strings.NewReplacer("｜", "|", "／", "/").Replace(s)
	var out []Blank
	for _, part := range strings.Split(s, "|") {
		var b Blank
		for _, a := range strings.Split(part, "/") {
			if a = strings.TrimSpace(a); a != "" {
				b.Answers = append(b.Answers, Option{Text: a, Weight: 1})
			}
		}
		out = append(out, b)
	}
	return out
}

func parseDifficulty(s string) (int, error) {
	if s == "" {
		return 3, nil
	}
	if d, ok := difficultyWords[s]; ok {
		return d, nil
	}
	d, err := strconv.Atoi(s)
	if err != nil || d < 1 || d > 5 {
		return 0, apperr.Invalidf("难度须为 1 到 5，或 易、较易、中、较难、难，这里是“%s”", s)
	}
	return d, nil
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；", r) })
}

var htmlTag = regexp.MustCompile(`<(/?[a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?/?>`)

// textToHTML: spreadsheet cells are plain text; keep their line breaks.
func textToHTML(s string) string {
	if htmlTag.MatchString(s) {
		return s // already HTML (a picture, an exported rich stem); sanitised later
	}
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>")
}

// htmlToText undoes textToHTML for cells a person will edit.
func htmlToText(s string) string {
	plain := strings.NewReplacer("<br>", "\n", "<br/>", "\n").Replace(s)
	if strings.ContainsAny(plain, "<>") {
		return s
	}
	return html.UnescapeString(plain)
}

// QuestionFromFields builds a question from the template's columns: the
// question form has the same fields as a spreadsheet row.
func QuestionFromFields(fields map[string]string) (Question, error) {
	cols := map[string]int{}
	cells := make([]string, len(ExcelHeaders))
	for i, h := range ExcelHeaders {
		cols[h], cells[i] = i, fields[h]
	}
	q, err := excelRow{cols: cols, cells: cells}.question()
	if err != nil {
		return q, err
	}
	return q, q.Normalize()
}

// FieldsOf gives a question's template columns, to fill the form.
func FieldsOf(q *Question) map[string]string {
	row := excelRowOf(q)
	out := make(map[string]string, len(ExcelHeaders))
	for i, h := range ExcelHeaders {
		if s, ok := row[i].(string); ok {
			out[h] = s
		}
	}
	return out
}
