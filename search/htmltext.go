package search

import (
	"strings"

	"golang.org/x/net/html"
)

// HTMLText is the readable text of sanitised HTML, for a source's doc body:
// tags dropped, entities decoded, and a line break where a block ends so
// words of two paragraphs never run together.
func HTMLText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); blockTag[string(name)] {
				b.WriteByte('\n')
			}
		}
	}
}

var blockTag = map[string]bool{"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "tr": true, "td": true, "th": true, "blockquote": true, "pre": true}

// FirstRunes is s on one line, cut to n characters: a title for a doc that
// has none.
func FirstRunes(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
