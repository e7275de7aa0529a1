package web

import (
	"html"
	"html/template"
	"regexp"

	"lms/quiz"
)

// pageMatch is one prompt of a matching question: a <select> of the
// answers on the attempt page (no drag and drop, so it works on a phone),
// and after submission what was chosen against the key.
type pageMatch struct {
	PromptHTML template.HTML
	PromptText string // for the select's accessible name
	Opts       []pageOption
	Chosen     string
	Correct    string
	Right      bool
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

func pageMatches(q quiz.ViewQuestion) []pageMatch {
	out := make([]pageMatch, 0, len(q.Prompts))
	for i, p := range q.Prompts {
		chosen := -1
		if i < len(q.Choices) {
			chosen = q.Choices[i]
		}
		m := pageMatch{PromptHTML: safeHTML(p), PromptText: html.UnescapeString(tagRe.ReplaceAllString(p, ""))}
		for j, o := range q.Options {
			m.Opts = append(m.Opts, pageOption{Index: j, HTML: safeHTML(o), Checked: j == chosen})
		}
		if chosen >= 0 && chosen < len(q.Options) {
			m.Chosen = html.UnescapeString(q.Options[chosen])
		}
		if q.Review != nil && i < len(q.Review.Answers) {
			m.Correct = q.Review.Answers[i]
			m.Right = m.Chosen == m.Correct
		}
		out = append(out, m)
	}
	return out
}
