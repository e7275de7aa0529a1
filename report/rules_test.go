package report

import (
	"net/url"
	"testing"
	"time"
)

func TestParseQuery(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	good := []struct {
		in   string
		want Query
	}{
		{"", Query{Year: 2026, Page: 1, PerPage: DefaultPerPage}},
		{"org=7&year=2024&course=3&page=2&per_page=10", Query{UnitID: 7, Year: 2024, CourseID: 3, Page: 2, PerPage: 10}},
		{"per_page=5000", Query{Year: 2026, Page: 1, PerPage: MaxPerPage}},
		{"per_page=99999999999999999999999", Query{Year: 2026, Page: 1, PerPage: MaxPerPage}},
		{"status=overdue&sort=rate&desc=1&q=+张+", Query{Year: 2026, Page: 1, PerPage: DefaultPerPage,
			Status: StatusOverdue, Sort: "rate", Desc: true, Search: "张"}},
		{"category=党的理论", Query{Year: 2026, Page: 1, PerPage: DefaultPerPage, Category: "党的理论"}},
	}
	for _, c := range good {
		v, _ := url.ParseQuery(c.in)
		got, err := ParseQuery(v, now)
		if err != nil || got != c.want {
			t.Errorf("%q: %+v %v, want %+v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"year=abc", "year=1999", "year=2101", "year=2026.5", "org=x", "org=0", "org=-1",
		"course=1e3", "page=0", "page=-2", "per_page=-1", "per_page=abc", "status=all", "sort=password",
		"q=" + url.QueryEscape(string(make([]rune, 60))), "year=99999999999999999999"} {
		v, _ := url.ParseQuery(bad)
		if _, err := ParseQuery(v, now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestRuleFor(t *testing.T) {
	rules := []Rule{
		{ID: 1, UnitPath: "u1", Hours: 50, CycleYears: 1, StartYear: 2020},
		{ID: 2, UnitPath: "u1", Rank: "正处级", Hours: 60, CycleYears: 1, StartYear: 2020},
		{ID: 3, UnitPath: "u1.u2", Hours: 120, CycleYears: 3, StartYear: 2025},
		{ID: 4, UnitPath: "u1.u2.u3", Rank: "科员", Hours: 30, CycleYears: 1, StartYear: 2020},
		{ID: 5, UnitPath: "u1.u22", Rank: "正处级", Hours: 70, CycleYears: 1, StartYear: 2020},
	}
	cases := []struct {
		path, rank string
		want       int64
	}{
		{"u1", "科员", 1},           // the unit's general rule
		{"u1", "正处级", 2},          // a rank rule before the general one, at the same unit
		{"u1.u2", "正处级", 3},       // the nearest unit's rule wins over a rank rule further up
		{"u1.u2.u3", "科员", 4},     // nearest, and for the rank
		{"u1.u2.u3", "副科级", 3},    // a rank rule for another rank does not apply
		{"u1.u22", "正处级", 5},      // u1.u22 is not under u1.u2
		{"u1.u22.u9", "科员", 1},    // inherited from the top
		{"u9", "科员", 0},           // another tree: none
		{"u1.u2.u3.u4", "科员", 4},  // inherited from the nearest
		{"u1.u2.u3.u4", "正处级", 3}, // u1.u2's general rule is nearer than u1's rank rule
		{"u1.u222", "正处级", 2},     // a label that starts like another is not under it
	}
	for _, c := range cases {
		var got int64
		if r := ruleFor(rules, c.path, c.rank); r != nil {
			got = r.ID
		}
		if got != c.want {
			t.Errorf("%s %s: rule %d, want %d", c.path, c.rank, got, c.want)
		}
	}
}

func TestCycle(t *testing.T) {
	for _, c := range []struct{ start, n, year, from, to int }{
		{2020, 1, 2026, 2026, 2026},
		{2025, 3, 2025, 2025, 2027},
		{2025, 3, 2027, 2025, 2027},
		{2025, 3, 2028, 2028, 2030},
		{2025, 3, 2024, 2022, 2024}, // before the start: the cycles run backwards too
		{2025, 2, 2001, 2001, 2002},
	} {
		if from, to := Cycle(c.start, c.n, c.year); from != c.from || to != c.to {
			t.Errorf("%+v: %d–%d", c, from, to)
		}
	}
}

func TestFiguresRates(t *testing.T) {
	f := Counts{People: 3, Enrolled: 3, Completed: 2, Hours: 10, WithRequirement: 0, QuizTaken: 3, QuizScore: 200, QuizPassed: 1}.figures()
	if *f.CompletionRate != 0.6667 || *f.HoursPerPerson != 3.33 || f.MetRate != nil || *f.QuizAverage != 66.67 ||
		*f.QuizPassRate != 0.3333 {
		t.Errorf("%+v", f)
	}
	empty := Counts{}.figures()
	if empty.CompletionRate != nil || empty.HoursPerPerson != nil || empty.QuizAverage != nil {
		t.Errorf("no data must not be 0 %%: %+v", empty)
	}
}
