package quiz

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"lms/internal/apperr"
)

// Type is the kind of a question.
type Type string

const (
	Single    Type = "single"    // 单选题
	Multiple  Type = "multiple"  // 多选题
	TrueFalse Type = "truefalse" // 判断题
	Fill      Type = "fill"      // 填空题: one or more blanks, graded automatically
	Numeric   Type = "numeric"   // 数值题: a number within a tolerance
	Short     Type = "short"     // 简答题: graded by a trainer
	Match     Type = "match"     // 配对题: each prompt paired with one of the answers
)

// Types lists the question types in display order.
var Types = []Type{Single, Multiple, TrueFalse, Fill, Numeric, Short, Match}

var typeNames = map[Type]string{Single: "单选题", Multiple: "多选题", TrueFalse: "判断题",
	Fill: "填空题", Numeric: "数值题", Short: "简答题", Match: "配对题"}

// Name is the Chinese name of the type, as the Excel template writes it.
func (t Type) Name() string { return typeNames[t] }

// Valid reports whether t is a known type.
func (t Type) Valid() bool { _, ok := typeNames[t]; return ok }

// Option is a choice, or an accepted answer of a blank. Weight is the
// fraction of the question's points it is worth (-1..1); feedback is shown
// with the answers after submission.
type Option struct {
	Text     string  `json:"text"`
	Weight   float64 `json:"weight"`
	Feedback string  `json:"feedback,omitempty"`
}

// Blank is one gap of a fill-in question and the answers it accepts.
type Blank struct {
	Answers []Option `json:"answers"`
}

// Range is an accepted numeric answer: Value ± Tolerance. Any marks
// Moodle's "any other answer" (GIFT ~#…): it matches every number no other
// range does, and carries the feedback for wrong answers.
type Range struct {
	Value     float64 `json:"value"`
	Tolerance float64 `json:"tolerance"`
	Weight    float64 `json:"weight"`
	Feedback  string  `json:"feedback,omitempty"`
	Any       bool    `json:"any,omitempty"`
}

// Pair is a prompt of a matching question and its answer. A pair without
// a prompt is an extra wrong answer (a distractor, Moodle's "= -> Chat").
type Pair struct {
	Prompt string `json:"prompt,omitempty"`
	Answer string `json:"answer"`
}

// Body is the answer key of a question: never sent before submission.
type Body struct {
	Options []Option `json:"options,omitempty"`
	Blanks  []Blank  `json:"blanks,omitempty"`
	Ranges  []Range  `json:"ranges,omitempty"`
	Pairs   []Pair   `json:"pairs,omitempty"`
}

// Question is a question of a bank.
type Question struct {
	ID             int64    `json:"id"`
	BankID         int64    `json:"bank_id"`
	Type           Type     `json:"type"`
	Title          string   `json:"title,omitempty"`
	Stem           string   `json:"stem"`
	Body           Body     `json:"body"`
	Explanation    string   `json:"explanation,omitempty"`
	Difficulty     int      `json:"difficulty"`
	Tags           []string `json:"tags"`
	KnowledgePoint string   `json:"knowledge_point,omitempty"`
	// UpdatedAt versions the question for the grading cache.
	UpdatedAt time.Time `json:"-"`
}

// stemPolicy keeps the formatting an author needs and images (stored in
// MinIO, served by the platform) and drops scripts, styles and handlers.
var stemPolicy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowImages()
	p.AllowURLSchemes("http", "https")
	p.AllowRelativeURLs(true)
	return p
}()

// SanitizeHTML cleans rich text written by an author or imported from a file.
func SanitizeHTML(s string) string { return strings.TrimSpace(stemPolicy.Sanitize(s)) }

// Normalize trims and sanitises a question and checks it is complete and
// gradable; it returns the first problem in words a trainer understands.
func (q *Question) Normalize() error {
	q.Stem = SanitizeHTML(q.Stem)
	q.Title = strings.TrimSpace(q.Title)
	q.Explanation = SanitizeHTML(q.Explanation)
	q.KnowledgePoint = strings.TrimSpace(q.KnowledgePoint)
	q.Tags = cleanTags(q.Tags)
	if q.Difficulty == 0 {
		q.Difficulty = 3
	}
	switch {
	case !q.Type.Valid():
		return apperr.Invalidf("题型“%s”不受支持", q.Type)
	case q.Stem == "":
		return apperr.Invalidf("题干不能为空")
	case len([]rune(q.Stem)) > 20000:
		return apperr.Invalidf("题干过长（不超过 20000 字）")
	case q.Difficulty < 1 || q.Difficulty > 5:
		return apperr.Invalidf("难度须为 1 到 5")
	case len([]rune(q.KnowledgePoint)) > 200:
		return apperr.Invalidf("知识点过长（不超过 200 字）")
	}
	return q.checkBody()
}

func cleanTags(tags []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] && len([]rune(t)) <= 50 {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func (q *Question) checkBody() error {
	b := &q.Body
	for i := range b.Options {
		b.Options[i].Text = SanitizeHTML(b.Options[i].Text)
		b.Options[i].Weight = roundWeight(b.Options[i].Weight)
	}
	for i := range b.Blanks {
		for j := range b.Blanks[i].Answers {
			a := &b.Blanks[i].Answers[j]
			a.Text, a.Weight = strings.TrimSpace(a.Text), roundWeight(a.Weight)
		}
	}
	for i := range b.Ranges {
		b.Ranges[i].Weight = roundWeight(b.Ranges[i].Weight)
	}
	for i := range b.Pairs {
		b.Pairs[i].Prompt = SanitizeHTML(b.Pairs[i].Prompt)
		b.Pairs[i].Answer = strings.TrimSpace(b.Pairs[i].Answer)
	}
	switch q.Type {
	case Single, Multiple:
		return checkChoices(q.Type, b.Options)
	case TrueFalse:
		if len(b.Options) != 2 || b.Options[0].Weight+b.Options[1].Weight != 1 {
			return apperr.Invalidf("判断题须指明“正确”或“错误”")
		}
	case Fill:
		return checkBlanks(b.Blanks)
	case Numeric:
		if len(b.Ranges) == 0 || maxRangeWeight(b.Ranges) != 1 {
			return apperr.Invalidf("数值题须有一个得满分的答案")
		}
	case Short:
		b.Options, b.Blanks, b.Ranges = nil, nil, nil
	case Match:
		b.Options, b.Blanks, b.Ranges = nil, nil, nil
		return checkPairs(b.Pairs)
	}
	return nil
}

func checkChoices(t Type, opts []Option) error {
	if len(opts) < 2 || len(opts) > 8 {
		return apperr.Invalidf("选择题须有 2 到 8 个选项，现有 %d 个", len(opts))
	}
	var full, positive float64
	for i, o := range opts {
		if o.Text == "" {
			return apperr.Invalidf("选项 %c 为空", 'A'+i)
		}
		if o.Weight < -1 || o.Weight > 1 {
			return apperr.Invalidf("选项 %c 的分值比例须在 -100%% 到 100%% 之间", 'A'+i)
		}
		if o.Weight == 1 {
			full++
		}
		if o.Weight > 0 {
			positive += o.Weight
		}
	}
	if t == Single && full == 0 {
		return apperr.Invalidf("单选题须有一个正确选项")
	}
	if t == Multiple && (positive < 0.99 || positive > 1.01) {
		return apperr.Invalidf("多选题正确选项的分值比例之和须为 100%%")
	}
	return nil
}

func checkBlanks(blanks []Blank) error {
	if len(blanks) == 0 || len(blanks) > 20 {
		return apperr.Invalidf("填空题须有 1 到 20 个空")
	}
	for i, b := range blanks {
		full := false
		for _, a := range b.Answers {
			if strings.TrimSpace(a.Text) == "" {
				return apperr.Invalidf("第 %d 个空有空白答案", i+1)
			}
			full = full || a.Weight == 1
		}
		if !full {
			return apperr.Invalidf("第 %d 个空须有一个得满分的答案", i+1)
		}
	}
	return nil
}

// roundWeight keeps weights comparable after a trip through a percentage.
func roundWeight(w float64) float64 { return math.Round(w*1e6) / 1e6 }

func maxRangeWeight(rs []Range) float64 {
	m := -1.0
	for _, r := range rs {
		if r.Any {
			continue
		}
		m = max(m, r.Weight)
	}
	return m
}

// Correct lists the letters of the options worth credit, for display and
// for the Excel answer column.
func (q *Question) Correct() string {
	var b strings.Builder
	for i, o := range q.Body.Options {
		if o.Weight > 0 {
			b.WriteByte(byte('A' + i))
		}
	}
	return b.String()
}

// TrueFalseOptions is the key of a true/false question.
func TrueFalseOptions(truth bool) []Option {
	if truth {
		return []Option{{Text: "正确", Weight: 1}, {Text: "错误"}}
	}
	return []Option{{Text: "正确"}, {Text: "错误", Weight: 1}}
}

// String is a one-line summary, for logs and reports.
func (q *Question) String() string {
	return fmt.Sprintf("%s %q", q.Type.Name(), truncate(q.Stem, 40))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
