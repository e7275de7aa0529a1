package reflection

import (
	"hash/fnv"
	"sort"
	"unicode"
)

// The copy check works on characters, not words: Chinese has no spaces to
// split on. A text is reduced to its letters and digits (Han characters
// are letters), punctuation and whitespace dropped, and cut into
// overlapping runs of shingleLen characters. Two texts share a passage
// when they share its shingles; the share of a text found in another is
// the part of its characters covered by shingles the other also has, so
// a changed character costs only itself, not the whole sentence.

const shingleLen = 5

// token is one kept character and where it stands in the original text
// (as a rune index), so matches can be marked in what the author wrote.
type token struct {
	r   rune
	pos int
}

func kept(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokens keeps the letters and digits of text, lower-cased.
func tokens(text string) []token {
	var out []token
	i := 0
	for _, r := range text {
		if kept(r) {
			out = append(out, token{r: unicode.ToLower(r), pos: i})
		}
		i++
	}
	return out
}

// CountChars is the length a minimum is measured in: letters and digits,
// without punctuation or whitespace.
func CountChars(text string) int {
	n := 0
	for _, r := range text {
		if kept(r) {
			n++
		}
	}
	return n
}

// shingleAt hashes the shingleLen characters from toks[i].
func shingleAt(toks []token, i int) int32 {
	h := fnv.New32a()
	var b [4]byte
	for _, t := range toks[i : i+shingleLen] {
		b[0], b[1], b[2], b[3] = byte(t.r), byte(t.r>>8), byte(t.r>>16), byte(t.r>>24)
		_, _ = h.Write(b[:])
	}
	return int32(h.Sum32())
}

// shingles lists the hash of every shingle of toks, in order.
func shingles(toks []token) []int32 {
	if len(toks) < shingleLen {
		return nil
	}
	out := make([]int32, len(toks)-shingleLen+1)
	for i := range out {
		out[i] = shingleAt(toks, i)
	}
	return out
}

// distinct returns the sorted set of hashes, as stored per submission.
func distinct(hs []int32) []int32 {
	set := hashSet(hs)
	out := make([]int32, 0, len(set))
	for h := range set {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func hashSet(hs []int32) map[int32]struct{} {
	set := make(map[int32]struct{}, len(hs))
	for _, h := range hs {
		set[h] = struct{}{}
	}
	return set
}

// covered marks the tokens of toks that lie in a shingle found in other.
func covered(toks []token, other map[int32]struct{}) []bool {
	mark := make([]bool, len(toks))
	for i, h := range shingles(toks) {
		if _, ok := other[h]; ok {
			for j := i; j < i+shingleLen; j++ {
				mark[j] = true
			}
		}
	}
	return mark
}

// Coverage is the share (0–1) of text's characters found, as shingles, in
// source.
func Coverage(text, source string) float64 {
	toks := tokens(text)
	return coverageOf(toks, hashSet(shingles(tokens(source))))
}

func coverageOf(toks []token, other map[int32]struct{}) float64 {
	if len(toks) == 0 {
		return 0
	}
	n := 0
	for _, m := range covered(toks, other) {
		if m {
			n++
		}
	}
	return float64(n) / float64(len(toks))
}
