package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
)

// SnippetRunes is how much of a body a result shows.
const SnippetRunes = 90

// One highlighter serves both backends: Meilisearch highlights only the
// words its tokenizer found, which misses matches inside Chinese words, and
// the same query should show the same marks whichever backend answers.

// highlight returns text as HTML with the query's matches in <mark>; when
// width > 0 it is cut to about width runes around the first match.
func highlight(text string, terms []term, width int) string {
	rs := []rune(collapseSpace(text))
	marks := findMarks(rs, terms)
	start, end := 0, len(rs)
	if width > 0 && len(rs) > width {
		start, end = window(len(rs), marks, width)
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, m := range marks {
		s, e := max(m[0], start), min(m[1], end)
		if s >= e {
			continue
		}
		b.WriteString(html.EscapeString(string(rs[pos:s])))
		b.WriteString("<mark>" + html.EscapeString(string(rs[s:e])) + "</mark>")
		pos = e
	}
	b.WriteString(html.EscapeString(string(rs[pos:end])))
	if end < len(rs) {
		b.WriteString("…")
	}
	return b.String()
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// window picks the width runes to show: from a little before the first
// match, or the start when nothing matched.
func window(n int, marks [][2]int, width int) (int, int) {
	start := 0
	if len(marks) > 0 {
		start = max(0, marks[0][0]-width/5)
	}
	end := min(n, start+width)
	return max(0, end-width), end
}

// findMarks returns the sorted, merged rune ranges that match a term.
func findMarks(rs []rune, terms []term) [][2]int {
	folded := make([]rune, len(rs))
	for i, r := range rs {
		folded[i] = foldRune(r)
	}
	var marks [][2]int
	for _, t := range terms {
		if t.latin {
			marks = append(marks, wordMarks(folded, t)...)
		} else {
			marks = append(marks, substringMarks(folded, []rune(t.text))...)
		}
	}
	return merge(marks)
}

func substringMarks(text, pat []rune) [][2]int {
	var out [][2]int
	for i := 0; i+len(pat) <= len(text); i++ {
		if runesEqual(text[i:i+len(pat)], pat) {
			out = append(out, [2]int{i, i + len(pat)})
		}
	}
	return out
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// wordMarks marks the Latin words a term matches: equal, within its typo
// budget, or (for the last term) starting with it.
func wordMarks(text []rune, t term) [][2]int {
	var out [][2]int
	pat := []rune(t.text)
	for i := 0; i < len(text); {
		if !isWordRune(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isWordRune(text[j]) {
			j++
		}
		w := text[i:j]
		if runesEqualLen(w, pat) || t.prefix && len(w) >= len(pat) && runesEqual(w[:len(pat)], pat) ||
			t.fuzzy > 0 && levenshtein(w, pat, t.fuzzy) <= t.fuzzy {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isHan(r)
}

func runesEqualLen(a, b []rune) bool { return len(a) == len(b) && runesEqual(a, b) }

// levenshtein is the edit distance of a and b, or limit+1 once it is known
// to exceed limit.
func levenshtein(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func merge(marks [][2]int) [][2]int {
	if len(marks) < 2 {
		return marks
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i][0] < marks[j][0] })
	out := [][2]int{marks[0]}
	for _, m := range marks[1:] {
		last := &out[len(out)-1]
		if m[0] <= last[1] {
			last[1] = max(last[1], m[1])
			continue
		}
		out = append(out, m)
	}
	return out
}
