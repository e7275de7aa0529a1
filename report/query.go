package report

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lms/internal/apperr"
)

// Page sizes: a page never holds more than MaxPerPage people, whatever the
// caller asks; the exports are the way to get everyone.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
)

// People statuses a list can be filtered by.
const (
	StatusAll        = ""
	StatusCompleted  = "completed"   // every course of the year completed
	StatusIncomplete = "incomplete"  // some course not completed
	StatusOverdue    = "overdue"     // some course past its due date
	StatusBelow      = "below"       // fewer hours than the requirement
	StatusNone       = "no_courses"  // no course in the year
	StatusNotStarted = "not_started" // enrolled, nothing started yet
)

var statuses = map[string]bool{StatusAll: true, StatusCompleted: true, StatusIncomplete: true,
	StatusOverdue: true, StatusBelow: true, StatusNone: true, StatusNotStarted: true}

// Sort keys of the people list.
var peopleSorts = map[string]bool{"": true, "name": true, "unit": true, "rate": true, "hours": true, "offline": true,
	"cycle_hours": true, "enrolled": true, "completed": true}

// Query is what a report is asked for.
type Query struct {
	UnitID   int64  // 0: the top of the viewer's scope
	Year     int    // study year
	CourseID int64  // 0: every course
	Category string // "": every category
	Status   string // people list only
	Search   string // people list: part of a name or account
	Sort     string // people list
	Desc     bool
	Page     int
	PerPage  int
}

// ParseQuery reads a report's parameters from a URL query: org, year,
// course, category, status, q, sort, desc, page, per_page. Malformed values
// are refused with a message naming them; a page size above the cap is
// capped, not refused.
func ParseQuery(v url.Values, now time.Time) (Query, error) {
	q := Query{Year: now.In(chinaTime).Year(), Page: 1, PerPage: DefaultPerPage}
	var err error
	if q.UnitID, err = optID(v, "org"); err != nil {
		return q, err
	}
	if q.CourseID, err = optID(v, "course"); err != nil {
		return q, err
	}
	if s := v.Get("year"); s != "" {
		if q.Year, err = strconv.Atoi(s); err != nil || q.Year < 2000 || q.Year > 2100 {
			return q, apperr.Invalidf("年度“%s”无效：须为 2000 到 2100 之间的年份", clip(s))
		}
	}
	if q.Page, err = optInt(v, "page", 1, 1_000_000); err != nil {
		return q, err
	}
	if q.PerPage, err = optInt(v, "per_page", DefaultPerPage, 1<<31-1); err != nil {
		return q, err
	}
	q.PerPage = min(q.PerPage, MaxPerPage)
	return q, q.parseText(v)
}

func (q *Query) parseText(v url.Values) error {
	q.Category = strings.TrimSpace(v.Get("category"))
	q.Search = strings.TrimSpace(v.Get("q"))
	q.Status, q.Sort = v.Get("status"), v.Get("sort")
	q.Desc = v.Get("desc") == "1" || v.Get("desc") == "true"
	switch {
	case utf8.RuneCountInString(q.Category) > 100 || !utf8.ValidString(q.Category):
		return apperr.Invalidf("课程分类过长")
	case utf8.RuneCountInString(q.Search) > 50 || !utf8.ValidString(q.Search):
		return apperr.Invalidf("搜索内容最多 50 个字")
	case !statuses[q.Status]:
		return apperr.Invalidf("状态“%s”无效", clip(q.Status))
	case !peopleSorts[q.Sort]:
		return apperr.Invalidf("排序“%s”无效", clip(q.Sort))
	}
	return nil
}

func optID(v url.Values, name string) (int64, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Invalidf("参数 %s 的编号“%s”无效", name, clip(s))
	}
	return id, nil
}

func optInt(v url.Values, name string, def, limit int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) && s[0] != '-' {
		return limit, nil // a huge number: as much as allowed
	}
	if err != nil || n < 1 {
		return 0, apperr.Invalidf("参数 %s 须为正整数", name)
	}
	return min(n, limit), nil
}

// clip keeps an echoed bad value short.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return s
	}
	return string([]rune(s)[:20]) + "…"
}

// filtered reports whether the query narrows to a course or a category.
func (q Query) filtered() bool { return q.CourseID != 0 || q.Category != "" }
