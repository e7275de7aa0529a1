package search

import (
	"strings"
	"testing"

	"lms/internal/apperr"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		q    Query
		code string
	}{
		{Query{Text: "  "}, "empty_query"},
		{Query{Text: strings.Repeat("党", MaxQueryRunes+1)}, "query_too_long"},
		{Query{Text: `" * : ( ) \`}, "empty_query"},
		{Query{Text: "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11"}, "too_many_words"},
		{Query{Text: "党建", Kinds: []string{"secret"}}, "invalid_kind"},
		{Query{Text: "党建", Page: -1}, "invalid_page"},
		{Query{Text: "党建", PerPage: MaxPerPage + 1}, "invalid_page"},
		{Query{Text: "党建", Page: MaxResults/20 + 1}, "page_too_deep"},
		{Query{Text: "党建", Category: strings.Repeat("类", 51)}, "invalid_category"},
	}
	for _, c := range cases {
		err := c.q.Validate()
		var ae *apperr.Error
		if !apperrAs(err, &ae) || ae.Kind != apperr.Invalid || ae.Code != c.code || ae.Message == "" {
			t.Errorf("%.30q: %v, want %s", c.q.Text, err, c.code)
		}
	}
	q := Query{Text: "  党建  "}
	if err := q.Validate(); err != nil || q.Page != 1 || q.PerPage != 20 || q.Text != "党建" {
		t.Errorf("defaults: %+v %v", q, err)
	}
}

func apperrAs(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	*target = e
	return ok
}

func TestParseTerms(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"党员教育":                  "党员教育",
		`"党建" AND (Python*)`:    "党建|and|python",
		"ＰＹＴＨＯＮ　３．１２":           "python|3.12",
		"-covid-19 don't 党建 党建": "covid-19|don't|党建",
		"5G网络":                  "5g网络",
	}
	for in, want := range cases {
		q := Query{Text: in}
		_ = q.Validate()
		if got := strings.Join(q.Terms(), "|"); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
	ts := parseTerms("Kubernetez 党建 pyth")
	if ts[0].fuzzy != 2 || !ts[0].latin || ts[1].fuzzy != 0 || !ts[1].pureHan || !ts[2].prefix || ts[0].prefix {
		t.Errorf("%+v", ts)
	}
}

func TestHighlight(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text, q, want string
		width         int
	}{
		{"待处理的来信", "处理", "待<mark>处理</mark>的来信", 0},
		{"<b>党建</b> & 党员", "党", "&lt;b&gt;<mark>党</mark>建&lt;/b&gt; &amp; <mark>党</mark>员", 0},
		{"Kubernetes 运维", "Kubernetez", "<mark>Kubernetes</mark> 运维", 0},
		{"Python and Pythonic", "pyth", "<mark>Python</mark> and <mark>Pythonic</mark>", 0},
		{"ＰＹＴＨＯＮ 课程", "python", "<mark>ＰＹＴＨＯＮ</mark> 课程", 0},
		{"党员教育党员", "党员 员教", "<mark>党员教</mark>育<mark>党员</mark>", 0},
		{"一二三四五六七八九十党建一二三四五六七八九十", "党建", "…七八九十<mark>党建</mark>一二三四五六七八九十", 16},
		{"无关的文字内容", "党建", "无关的…", 3},
		{"换行\n\n  与   空格", "空格", "换行 与 <mark>空格</mark>", 0},
	}
	for _, c := range cases {
		if got := highlight(c.text, parseTerms(c.q), c.width); got != c.want {
			t.Errorf("%q / %q:\n got %s\nwant %s", c.text, c.q, got, c.want)
		}
	}
}

func TestLinkAndClock(t *testing.T) {
	t.Parallel()
	cases := map[string]Doc{
		"/courses/3":        {Kind: KindCourse, CourseID: 3},
		"/lessons/5":        {Kind: KindLesson, LessonID: 5},
		"/lessons/5?page=7": {Kind: KindPage, LessonID: 5, Page: 7},
		"/lessons/5?t=83.5": {Kind: KindCue, LessonID: 5, Seconds: 83.5},
		"/quiz/banks/2":     {Kind: KindQuestion, URL: "/quiz/banks/2"},
		"":                  {Kind: KindQuestion, URL: "javascript:alert(1)"},
		"/courses/4?x=1":    {Kind: KindCourse, URL: "/courses/4?x=1"},
		"/lessons/6?page=1": {Kind: KindPage, LessonID: 6},
		"/lessons/1?t=3600": {Kind: KindCue, LessonID: 1, Seconds: 3600},
		"/lessons/1?t=0.25": {Kind: KindCue, LessonID: 1, Seconds: 0.25},
		"/courses/9":        {Kind: KindCourse, CourseID: 9, URL: "//evil.example/x"},
	}
	for want, d := range cases {
		if got := Link(d); got != want {
			t.Errorf("%+v: %q, want %q", d, got, want)
		}
	}
	for s, want := range map[float64]string{0: "0:00", 83.5: "1:23", 3725: "1:02:05"} {
		if got := (Hit{Seconds: s}).Clock(); got != want {
			t.Errorf("%v: %s, want %s", s, got, want)
		}
	}
}
