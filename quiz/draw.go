package quiz

import (
	"context"
	"math/rand/v2"

	"lms/internal/apperr"
	"lms/internal/db"
)

// drawIDs picks the questions of a new attempt: the fixed list, or each
// rule's count from its pool without repeating a question.
func (s *Service) drawIDs(ctx context.Context, q db.DBTX, z *Quiz, rng *rand.Rand) ([]PaperEntry, error) {
	var out []PaperEntry
	for _, it := range z.Items {
		out = append(out, PaperEntry{Q: it.QuestionID, P: it.Points})
	}
	taken := map[int64]bool{}
	for i, r := range z.Rules {
		pool, err := s.cachedPool(ctx, q, r)
		if err != nil {
			return nil, err
		}
		picked := pick(pool, r.Count, taken, rng)
		if len(picked) < r.Count {
			return nil, apperr.Conflictf("题库题目不足：第 %d 条抽题规则要 %d 题，现在只有 %d 题，请联系讲师", i+1, r.Count, len(picked))
		}
		for _, id := range picked {
			out = append(out, PaperEntry{Q: id, P: r.Points})
		}
	}
	if z.ShuffleQuestions {
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out, nil
}

// pick draws up to n ids not yet taken (a partial Fisher-Yates shuffle).
func pick(pool []int64, n int, taken map[int64]bool, rng *rand.Rand) []int64 {
	var out []int64
	for i := 0; i < len(pool) && len(out) < n; i++ {
		j := i + rng.IntN(len(pool)-i)
		pool[i], pool[j] = pool[j], pool[i]
		if !taken[pool[i]] {
			taken[pool[i]] = true
			out = append(out, pool[i])
		}
	}
	return out
}

// completePaper records each question's type and size, and shuffles the
// options of choice questions when the quiz says so.
func completePaper(paper []PaperEntry, qs map[int64]*Question, shuffle bool, rng *rand.Rand) error {
	for i := range paper {
		q, ok := qs[paper[i].Q]
		if !ok {
			return apperr.Conflictf("测验中的题目已被删除，请联系讲师")
		}
		e := &paper[i]
		e.T, e.N = q.Type, len(q.Body.Options)
		if q.Type == Fill {
			e.N = len(q.Body.Blanks)
		}
		if shuffle && (q.Type == Single || q.Type == Multiple) {
			e.O = rng.Perm(e.N)
		}
		// A matching question's answers are always shuffled: in stored
		// order the answer of prompt i would be answer i.
		if q.Type == Match {
			e.N, e.M = len(q.Body.MatchAnswers()), len(q.Body.MatchPrompts())
			e.O = rng.Perm(e.N)
		}
	}
	return nil
}

func maxScore(paper []PaperEntry) float64 {
	sum := 0.0
	for _, e := range paper {
		sum += e.P
	}
	return sum
}
