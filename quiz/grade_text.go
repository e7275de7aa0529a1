package quiz

import (
	"math"
	"strconv"
	"strings"
)

// matchedAnswer is the best-weighted accepted answer a blank's text
// matches. As in Moodle's short answers, "*" in an accepted answer stands
// for any run of characters ("\*" for a literal star), so "*" alone
// catches every other answer and carries its feedback.
func matchedAnswer(b Blank, text string) (Option, bool) {
	got := NormalizeText(text)
	var best Option
	found := false
	if got == "" {
		return best, false
	}
	for _, a := range b.Answers {
		if wildcardMatch(NormalizeText(a.Text), got) && (!found || a.Weight > best.Weight) {
			best, found = a, true
		}
	}
	return best, found
}

// wildcardMatch reports whether s matches pattern as a whole, "*" matching
// any characters.
func wildcardMatch(pattern, s string) bool {
	const star = "\x00"
	pattern = strings.ReplaceAll(pattern, `\*`, star)
	if !strings.Contains(pattern, "*") {
		return strings.ReplaceAll(pattern, star, "*") == s
	}
	parts := strings.Split(pattern, "*")
	for i := range parts {
		parts[i] = strings.ReplaceAll(parts[i], star, "*")
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}

// matchedRange is the best-weighted range holding v, or else the "any
// other answer" range.
func matchedRange(ranges []Range, v float64) (Range, bool) {
	var best, other Range
	found, hasOther := false, false
	for _, r := range ranges {
		switch {
		case r.Any:
			other, hasOther = r, true
		case math.Abs(v-r.Value) <= r.Tolerance+1e-9 && (!found || r.Weight > best.Weight):
			best, found = r, true
		}
	}
	if found {
		return best, true
	}
	return other, hasOther
}

// textFeedback is the feedback of the accepted answers (or the "any other
// answer" entry) a learner's blanks and number matched.
func textFeedback(q *Question, ans *savedAnswer) []string {
	if ans == nil {
		return nil
	}
	texts := ans.Response.Texts
	var out []string
	for i, b := range q.Body.Blanks {
		if i < len(texts) {
			if a, ok := matchedAnswer(b, texts[i]); ok && a.Feedback != "" {
				out = append(out, a.Feedback)
			}
		}
	}
	if q.Type == Numeric && len(texts) > 0 {
		if v, err := strconv.ParseFloat(NormalizeText(texts[0]), 64); err == nil {
			if r, ok := matchedRange(q.Body.Ranges, v); ok && r.Feedback != "" {
				out = append(out, r.Feedback)
			}
		}
	}
	return out
}
