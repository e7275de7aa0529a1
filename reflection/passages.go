package reflection

// Segment is a piece of a reflection's text; Marked pieces are found in
// the source the copy check matched, for the reviewer's page.
type Segment struct {
	Text   string `json:"text"`
	Marked bool   `json:"marked"`
}

// Passages cuts text into segments, marking the passages whose shingles
// source also has. Punctuation between two marked characters is marked
// with them, so a copied sentence shows as one passage.
func Passages(text, source string) []Segment {
	runes := []rune(text)
	toks := tokens(text)
	mark := covered(toks, hashSet(shingles(tokens(source))))
	inMark := make([]bool, len(runes))
	last := -1 // rune index of the last marked token
	for i, t := range toks {
		if !mark[i] {
			last = -1
			continue
		}
		from := t.pos
		if last >= 0 {
			from = last + 1
		}
		for p := from; p <= t.pos; p++ {
			inMark[p] = true
		}
		last = t.pos
	}
	return segments(runes, inMark)
}

// segments joins runs of runes with the same mark.
func segments(runes []rune, mark []bool) []Segment {
	var out []Segment
	start := 0
	for i := 1; i <= len(runes); i++ {
		if i == len(runes) || mark[i] != mark[start] {
			out = append(out, Segment{Text: string(runes[start:i]), Marked: mark[start]})
			start = i
		}
	}
	return out
}
