package training

import (
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// planPolicy keeps a plan's formatting (headings, lists, links, emphasis)
// and drops scripts, event handlers and javascript: URLs.
var planPolicy = bluemonday.UGCPolicy()

var planBlocks = regexp.MustCompile(`(?i)<(p|div|ul|ol|h[1-6]|table|blockquote|pre)[\s>]`)

// planHTML is the plan as stored: the editor's HTML, sanitised; a plan typed
// as lines (no editor, the API, older classes) becomes one paragraph a line.
func planHTML(s string) string {
	if !planBlocks.MatchString(s) {
		var b strings.Builder
		for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				b.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
			}
		}
		return b.String()
	}
	return strings.TrimSpace(planPolicy.Sanitize(s))
}
