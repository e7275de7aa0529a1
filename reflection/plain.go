package reflection

import (
	"strings"

	"golang.org/x/net/html"
)

// PlainText is the readable text of a lesson's sanitised HTML, for the
// copy check: tags dropped, entities decoded, a line break where a block
// ends so two paragraphs never run into one shingle.
func PlainText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			b.WriteByte('\n')
		}
	}
}
