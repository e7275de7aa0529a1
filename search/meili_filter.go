package search

import (
	"fmt"
	"strconv"
	"strings"
)

// meiliQuery writes the terms as Meilisearch's q: a term with Chinese
// characters as a quoted phrase of single characters (matched against the
// unigram copies), other terms as they are, typo-tolerant. The terms hold no
// quote or leading minus, so nothing else is syntax.
func meiliQuery(terms []term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		if t.han {
			parts[i] = `"` + spaced(t.text) + `"`
		} else {
			parts[i] = t.text
		}
	}
	return strings.Join(parts, " ")
}

// meiliFilter is the permission filter and the asker's narrowing as one
// Meilisearch filter expression: the same rules as the Bleve backend.
func meiliFilter(q Query, withKinds bool) string {
	var parts []string
	if v := meiliVisibility(q.Filter); v != "" {
		parts = append(parts, v)
	}
	if withKinds && len(q.Kinds) > 0 {
		parts = append(parts, "kind IN "+quoteList(q.Kinds))
	}
	if q.CourseID != 0 {
		parts = append(parts, fmt.Sprintf("course_id = %d", q.CourseID))
	}
	if q.Category != "" {
		parts = append(parts, "category = "+quote(q.Category))
	}
	if q.Mine {
		parts = append(parts, "("+strings.Join(mineAlternatives(q.Filter), " OR ")+")")
	}
	return strings.Join(parts, " AND ")
}

func meiliVisibility(f Filter) string {
	if f.All {
		return ""
	}
	open := "open = true"
	if len(f.CourseIDs) > 0 {
		open = "(open = true OR course_id IN " + idList(f.CourseIDs) + ")"
	}
	alts := []string{"(published = true AND " + open + ")"}
	if len(f.ManageIDs) > 0 {
		alts = append(alts, "course_id IN "+idList(f.ManageIDs))
	}
	if f.UserID != 0 {
		alts = append(alts, fmt.Sprintf("owner_ids = %d", f.UserID))
	}
	if len(f.Audience) > 0 {
		alts = append(alts, "audience IN "+quotedList(f.Audience))
	}
	v := "(" + strings.Join(alts, " OR ") + ")"
	if !f.Trainer {
		v += " AND trainer_only = false"
	}
	return v
}

func mineAlternatives(f Filter) []string {
	ids := append(append([]int64{}, f.CourseIDs...), f.ManageIDs...)
	alts := []string{fmt.Sprintf("owner_ids = %d", f.UserID)}
	if len(ids) > 0 {
		alts = append(alts, "course_id IN "+idList(ids))
	}
	return alts
}

func idList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func quoteList(vals []string) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = quote(v)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// quote makes a Meilisearch filter string literal: backslash and double
// quote escaped, so a value can never close the string.
func quote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}
