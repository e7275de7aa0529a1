package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"lms/internal/apperr"
)

// Limits on what a query may ask.
const (
	MaxQueryRunes = 100
	MaxTerms      = 10
	MaxPerPage    = 50
	// MaxResults is how deep paging goes: past it, narrow the search.
	MaxResults = 1000
)

// Viewer is who searches, as the web layer knows them.
type Viewer struct {
	UserID  int64
	Admin   bool
	Trainer bool // trainers and admins see quiz questions
}

// Filter is what a viewer may see. A doc is visible when All is set, or
// when it is published and (open, or of a course in CourseIDs), or of a
// course in ManageIDs (drafts included), or owned by UserID; trainer-only
// docs need Trainer as well. It comes from Access, never from the request.
type Filter struct {
	All       bool
	UserID    int64
	CourseIDs []int64 // courses assigned or enrolled: published docs only
	ManageIDs []int64 // courses the viewer manages: drafts too
	Trainer   bool
	Audience  []string // the viewer's audience tokens (see Doc.Audience)
}

// Query is a search as asked, once the Service has set its Filter. Kinds,
// CourseID, Category and Mine only narrow what the Filter allows.
type Query struct {
	Text     string
	Kinds    []string
	CourseID int64
	Category string
	Mine     bool // only the viewer's courses (assigned, managed or owned)
	Page     int  // 1-based
	PerPage  int
	Filter   Filter

	terms []term
}

// Hit is one result. Title and Snippet are HTML: text escaped, matches in
// <mark>.
type Hit struct {
	ID       string  `json:"id"`
	Kind     string  `json:"kind"`
	CourseID int64   `json:"course_id"`
	LessonID int64   `json:"lesson_id,omitempty"`
	Title    string  `json:"title"`
	Snippet  string  `json:"snippet"`
	Page     int     `json:"page,omitempty"`
	Seconds  float64 `json:"seconds,omitempty"`
	URL      string  `json:"url"`
	Category string  `json:"category,omitempty"`
}

// Result is one page of hits, with the number of hits of each kind.
type Result struct {
	Hits    []Hit          `json:"hits"`
	Total   int            `json:"total"`
	Kinds   map[string]int `json:"kinds"`
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
}

// term is one word of the query: text with Han characters is matched as an
// exact substring; Latin words also with typos and, for the last, as a prefix.
type term struct {
	text    string // lower case, full-width folded
	han     bool   // holds a CJK ideograph: substring match
	pureHan bool   // nothing but ideographs
	latin   bool   // letters only, no Han: typo-tolerant
	last    bool
	fuzzy   int // edits allowed
	prefix  bool
}

// Validate checks and normalises a query: its text, kinds and paging.
func (q *Query) Validate() error {
	q.Text = strings.TrimSpace(q.Text)
	if q.Text == "" {
		return apperr.New(apperr.Invalid, "empty_query", "请输入要搜索的内容")
	}
	if utf8.RuneCountInString(q.Text) > MaxQueryRunes {
		return apperr.New(apperr.Invalid, "query_too_long", "搜索内容太长：最多 %d 个字", MaxQueryRunes)
	}
	q.terms = parseTerms(q.Text)
	if len(q.terms) == 0 {
		return apperr.New(apperr.Invalid, "empty_query", "搜索内容只有符号：请输入文字、字母或数字")
	}
	if len(q.terms) > MaxTerms {
		return apperr.New(apperr.Invalid, "too_many_words", "搜索词太多：最多 %d 个", MaxTerms)
	}
	for _, k := range q.Kinds {
		if !validKind(k) {
			return apperr.New(apperr.Invalid, "invalid_kind", "未知的结果类型：%q", k)
		}
	}
	if utf8.RuneCountInString(q.Category) > 50 {
		return apperr.New(apperr.Invalid, "invalid_category", "分类名称太长")
	}
	return q.validatePaging()
}

func (q *Query) validatePaging() error {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PerPage == 0 {
		q.PerPage = 20
	}
	if q.Page < 1 || q.PerPage < 1 || q.PerPage > MaxPerPage {
		return apperr.New(apperr.Invalid, "invalid_page", "页码或每页条数不正确（每页最多 %d 条）", MaxPerPage)
	}
	if q.Page*q.PerPage > MaxResults {
		return apperr.New(apperr.Invalid, "page_too_deep", "只能查看前 %d 条结果，请换个更具体的搜索词", MaxResults)
	}
	return nil
}

// Terms returns the normalised words of a validated query.
func (q *Query) Terms() []string {
	out := make([]string, len(q.terms))
	for i, t := range q.terms {
		out[i] = t.text
	}
	return out
}

// parseTerms splits text into words. Anything but letters, digits, marks
// and a few connectors (3.12, covid-19, don't) separates, and connectors are
// trimmed from both ends, so query syntax (" * : ( ) \ and a leading -) is
// only ever a separator and never reaches a backend as syntax.
func parseTerms(text string) []term {
	fields := strings.FieldsFunc(fold(text), func(r rune) bool {
		return !isWordRune(r) && !isHan(r) && !unicode.IsMark(r) && !strings.ContainsRune(connectors, r)
	})
	seen := map[string]bool{}
	var terms []term
	for _, f := range fields {
		f = strings.Trim(f, connectors)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		terms = append(terms, newTerm(f))
	}
	if n := len(terms); n > 0 {
		terms[n-1].last = true
		terms[n-1].prefix = terms[n-1].latin
	}
	return terms
}

const connectors = ".,'-_·"

func newTerm(s string) term {
	t := term{text: s, latin: true, pureHan: true}
	for _, r := range s {
		if isHan(r) {
			t.han = true
		} else {
			t.pureHan = false
		}
		if !unicode.IsLetter(r) || isHan(r) {
			t.latin = false
		}
	}
	t.fuzzy = typoBudget(s, t.latin)
	return t
}

// typoBudget follows Meilisearch's defaults so both backends forgive the
// same typos: one from 5 letters, two from 9.
func typoBudget(s string, latin bool) int {
	n := utf8.RuneCountInString(s)
	switch {
	case !latin || n < 5:
		return 0
	case n < 9:
		return 1
	}
	return 2
}

func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// fold lower-cases and narrows full-width forms (ＡＢＣ１２３ → abc123), as
// the analyzers do.
func fold(s string) string {
	return strings.Map(foldRune, s)
}

func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
		r -= 0xFEE0
	} else if r == 0x3000 { // ideographic space
		r = ' '
	}
	return unicode.ToLower(r)
}

// spaced writes text with every Han character as a word of its own, so an
// engine that splits Chinese into words can still match inside a word: the
// unigram form the Meilisearch backend indexes and queries.
func spaced(text string) string {
	var b strings.Builder
	prevWord := false
	for _, r := range fold(text) {
		switch {
		case isHan(r):
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			prevWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !prevWord && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			prevWord = true
		default:
			prevWord = false
		}
	}
	return b.String()
}
