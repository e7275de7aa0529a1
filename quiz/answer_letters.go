package quiz

import (
	"strings"

	"lms/internal/apperr"
)

// letters reads an answer such as "B", "ACD", "A,C" or "A、C".
func letters(answer string) []int {
	var out []int
	for _, r := range strings.ToUpper(answer) {
		if r >= 'A' && r <= 'Z' {
			out = append(out, int(r-'A'))
		}
	}
	return out
}

// setChoiceAnswer marks the options an answer names: one letter makes a
// single-choice question, several a multiple-choice one with equal shares.
func setChoiceAnswer(q *Question, answer string) error {
	ls := letters(answer)
	if len(ls) == 0 {
		return apperr.Invalidf("答案“%s”不是选项字母", strings.TrimSpace(answer))
	}
	seen := map[int]bool{}
	for _, l := range ls {
		if l >= len(q.Body.Options) || strings.TrimSpace(q.Body.Options[l].Text) == "" {
			return apperr.Invalidf("答案 %c 对应的选项不存在", 'A'+l)
		}
		seen[l] = true
	}
	q.Type = Single
	if len(seen) > 1 {
		q.Type = Multiple
	}
	for l := range seen {
		q.Body.Options[l].Weight = 1 / float64(len(seen))
	}
	return nil
}
