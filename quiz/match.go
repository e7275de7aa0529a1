package quiz

import (
	"html"

	"lms/internal/apperr"
)

// Matching questions (配对题): the learner picks, for each prompt, one of
// the question's answers; extra answers without a prompt are distractors.
// Answers that are the same text are one answer, so two prompts may share it.

const maxPairs = 20

func checkPairs(pairs []Pair) error {
	prompts := 0
	for i, p := range pairs {
		switch {
		case p.Answer == "":
			return apperr.Invalidf("第 %d 组配对缺少右侧答案", i+1)
		case len([]rune(p.Answer)) > 500:
			return apperr.Invalidf("第 %d 组配对的答案过长（不超过 500 字）", i+1)
		case p.Prompt != "":
			prompts++
		}
	}
	if prompts < 2 {
		return apperr.Invalidf("配对题须至少有 2 组配对（左项 -> 右项），现有 %d 组", prompts)
	}
	if len(pairs) > maxPairs {
		return apperr.Invalidf("配对题最多 %d 组配对，现有 %d 组", maxPairs, len(pairs))
	}
	return nil
}

// MatchPrompts are the prompts of a matching question, in stored order.
func (b Body) MatchPrompts() []Pair {
	var out []Pair
	for _, p := range b.Pairs {
		if p.Prompt != "" {
			out = append(out, p)
		}
	}
	return out
}

// MatchAnswers are the distinct answers of a matching question, in the
// order they first appear; a response's choices index this list.
func (b Body) MatchAnswers() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range b.Pairs {
		if !seen[p.Answer] {
			seen[p.Answer] = true
			out = append(out, p.Answer)
		}
	}
	return out
}

// gradeMatch counts the prompts given their own answer: with partial
// credit each is worth an equal share, otherwise all must be right.
func gradeMatch(b Body, choices []int, partial bool) float64 {
	prompts, answers := b.MatchPrompts(), b.MatchAnswers()
	if len(prompts) == 0 {
		return 0
	}
	right := 0
	for i, p := range prompts {
		if i < len(choices) && choices[i] >= 0 && choices[i] < len(answers) && answers[choices[i]] == p.Answer {
			right++
		}
	}
	if partial {
		return float64(right) / float64(len(prompts))
	}
	if right == len(prompts) {
		return 1
	}
	return 0
}

// matchResponse checks a matching answer: one displayed answer position
// per prompt, -1 for none, mapped back to stored answer indexes.
func matchResponse(e PaperEntry, choices []int) ([]int, error) {
	if len(choices) > e.M {
		return nil, apperr.Invalidf("这道配对题只有 %d 个左项", e.M)
	}
	out := make([]int, len(choices))
	for i, d := range choices {
		switch {
		case d == -1:
			out[i] = -1
		case d < 0 || d >= e.N:
			return nil, apperr.Invalidf("答案 %d 不存在", d+1)
		case e.O != nil:
			out[i] = e.O[d]
		default:
			out[i] = d
		}
	}
	return out, nil
}

// matchDisplay maps stored answer indexes to displayed positions.
func matchDisplay(e PaperEntry, stored []int) []int {
	out := make([]int, len(stored))
	for i, c := range stored {
		out[i] = -1
		for d, o := range e.O {
			if o == c {
				out[i] = d
			}
		}
		if e.O == nil {
			out[i] = c
		}
	}
	return out
}

func matchView(vq *ViewQuestion, e PaperEntry, q *Question) {
	answers := q.Body.MatchAnswers()
	order := e.O
	if order == nil {
		order = identity(len(answers))
	}
	for _, o := range order {
		vq.Options = append(vq.Options, html.EscapeString(answers[o]))
	}
	for _, p := range q.Body.MatchPrompts() {
		vq.Prompts = append(vq.Prompts, p.Prompt)
	}
}
