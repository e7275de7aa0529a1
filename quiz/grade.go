package quiz

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Response is a learner's answer to one question. Choices are option
// indexes of the question as stored (the web layer maps the displayed,
// shuffled order back); Texts are the blanks, the number or the essay.
type Response struct {
	Choices []int    `json:"choices,omitempty"`
	Texts   []string `json:"texts,omitempty"`
}

// Empty reports whether nothing was answered.
func (r Response) Empty() bool {
	for _, t := range r.Texts {
		if strings.TrimSpace(t) != "" {
			return false
		}
	}
	for _, c := range r.Choices {
		if c >= 0 {
			return false
		}
	}
	return true
}

// Grade returns the fraction (0..1) of the question's points a response
// earns. manual is true for short answers, which a trainer grades. partial
// selects partial credit for multiple choice and matching (a share per
// pair); otherwise it is all or nothing.
func Grade(q *Question, r Response, partial bool) (fraction float64, manual bool) {
	switch q.Type {
	case Single, TrueFalse:
		return gradeSingle(q.Body.Options, r.Choices), false
	case Multiple:
		if partial {
			return gradePartial(q.Body.Options, r.Choices), false
		}
		return gradeAllOrNothing(q.Body.Options, r.Choices), false
	case Fill:
		return gradeBlanks(q.Body.Blanks, r.Texts), false
	case Numeric:
		return gradeNumeric(q.Body.Ranges, r.Texts), false
	case Match:
		return gradeMatch(q.Body, r.Choices, partial), false
	}
	return 0, true
}

func gradeSingle(opts []Option, choices []int) float64 {
	if len(choices) != 1 || choices[0] < 0 || choices[0] >= len(opts) {
		return 0
	}
	return clamp(opts[choices[0]].Weight)
}

// gradePartial adds the weights of the chosen options (wrong ones may
// weigh less than zero), as Moodle does, and keeps the sum within 0..1.
func gradePartial(opts []Option, choices []int) float64 {
	sum := 0.0
	for _, c := range dedupe(choices, len(opts)) {
		sum += opts[c].Weight
	}
	return clamp(sum)
}

// gradeAllOrNothing: full marks only when exactly the options worth credit
// are chosen.
func gradeAllOrNothing(opts []Option, choices []int) float64 {
	chosen := map[int]bool{}
	for _, c := range dedupe(choices, len(opts)) {
		chosen[c] = true
	}
	for i, o := range opts {
		if (o.Weight > 0) != chosen[i] {
			return 0
		}
	}
	return 1
}

func dedupe(choices []int, n int) []int {
	seen := map[int]bool{}
	var out []int
	for _, c := range choices {
		if c >= 0 && c < n && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// gradeBlanks gives each blank an equal share, earning the best weight of
// the accepted answers it matches.
func gradeBlanks(blanks []Blank, texts []string) float64 {
	if len(blanks) == 0 {
		return 0
	}
	total := 0.0
	for i, b := range blanks {
		if i >= len(texts) {
			break
		}
		if a, ok := matchedAnswer(b, texts[i]); ok {
			total += max(0, a.Weight)
		}
	}
	return clamp(total / float64(len(blanks)))
}

// NormalizeText makes answers comparable: full-width forms become
// half-width (NFKC), letters lower case, and every space goes.
func NormalizeText(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func gradeNumeric(ranges []Range, texts []string) float64 {
	if len(texts) == 0 {
		return 0
	}
	v, err := strconv.ParseFloat(NormalizeText(texts[0]), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	if r, ok := matchedRange(ranges, v); ok {
		return clamp(r.Weight)
	}
	return 0
}

func clamp(f float64) float64 { return max(0, min(1, f)) }
