package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// unwrapHan joins the lines a PDF broke inside Chinese text. pdftotext
// ends every printed line with a newline, and Chinese wraps anywhere, even
// inside a word: left as it is, 党要管党 printed as 党\n要管党 would never
// be found. A single line break between two ideographs is dropped; other
// breaks (after punctuation, before Latin text, blank lines) stay.
func unwrapHan(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '\n' && i > 0 && i+n < len(s) {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			if unicode.Is(unicode.Han, prev) && unicode.Is(unicode.Han, next) {
				i += n
				continue
			}
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}
