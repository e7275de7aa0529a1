package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"lms/course"
	"lms/internal/testenv"
	"lms/org"
	"lms/search"
)

// docSource serves fixed docs, as the courses feature's sources will.
type docSource map[int64][]search.Doc

func (s docSource) Kind() string { return "course" }

func (s docSource) Docs(_ context.Context, id int64) ([]search.Doc, error) { return s[id], nil }

func (s docSource) IDs(context.Context) ([]int64, error) {
	var ids []int64
	for id := range s {
		ids = append(ids, id)
	}
	return ids, nil
}

// searchDocs: an open course with a document lesson and a video lesson, a
// course only assigned learners may open, a draft and a quiz question.
func searchDocs(trainerID int64) docSource {
	open := func(d search.Doc) search.Doc { d.Published, d.Open, d.Category = true, true, "党建"; return d }
	return docSource{
		1: {
			open(search.Doc{Kind: search.KindCourse, CourseID: 1, Title: "党员教育专题培训", Body: "依托远程教育平台开展党员教育。"}),
			open(search.Doc{Kind: search.KindPage, CourseID: 1, LessonID: 12, Page: 2, Title: "学习读本",
				Body: "第二章 学习贯彻党的二十大精神，推进全面从严治党。"}),
			open(search.Doc{Kind: search.KindCue, CourseID: 1, LessonID: 13, Seconds: 83.5, Title: "党章微课",
				Body: "同志们好，今天我们一起学习党章。"}),
		},
		2: {{Kind: search.KindCourse, CourseID: 2, Title: "保密工作专题", Body: "党员保密纪律", Published: true}},
		3: {{Kind: search.KindCourse, CourseID: 3, Title: "草稿：安全生产", Body: "党员安全生产责任", OwnerIDs: []int64{trainerID}}},
		4: {open(search.Doc{Kind: search.KindQuestion, Title: "关于党的纪律，下列说法正确的是", TrainerOnly: true})},
	}
}

// newSearchServer is the real server with a search service over an
// embedded index holding searchDocs.
func newSearchServer(t *testing.T) *testServer {
	t.Helper()
	pool := testenv.DB(t)
	svc := org.NewService(pool)
	if _, err := svc.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	crs := course.NewService(pool)
	t.Cleanup(crs.Close)
	idx, err := search.NewBleveMemory()
	if err != nil {
		t.Fatal(err)
	}
	ss := search.NewService(pool, idx)
	ts := &testServer{Org: svc}
	trainer, err := svc.UserByUsername(context.Background(), "demo_trainer")
	if err != nil {
		t.Fatal(err)
	}
	src := searchDocs(trainer.ID)
	if err := ss.Register(src); err != nil {
		t.Fatal(err)
	}
	for id := range src {
		if err := ss.IndexEntity(context.Background(), "course", id); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := New(Deps{Org: svc, Course: crs, Search: ss, DB: pool, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		BaseURL: "http://localhost", SecretKey: []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

type searchAnswer struct {
	Total int            `json:"total"`
	Kinds map[string]int `json:"kinds"`
	Hits  []search.Hit   `json:"hits"`
}

func (a searchAnswer) kinds() []string {
	var out []string
	for _, h := range a.Hits {
		out = append(out, h.Kind+":"+id64(h.CourseID))
	}
	return out
}

func TestSearchAPI(t *testing.T) {
	t.Parallel()
	ts := newSearchServer(t)
	learner := ts.login(t, "demo_learner")
	var a searchAnswer
	if st := learner.do("GET", "/api/v1/search?q="+url.QueryEscape("学习贯彻"), nil, &a); st != 200 || len(a.Hits) != 1 {
		t.Fatalf("status %d, %+v", st, a)
	}
	h := a.Hits[0]
	if h.Kind != "page" || h.LessonID != 12 || h.Page != 2 || h.URL != "/lessons/12?page=2" ||
		!strings.Contains(h.Snippet, "<mark>学习贯彻</mark>") {
		t.Errorf("page hit: %+v", h)
	}
	learner.do("GET", "/api/v1/search?q="+url.QueryEscape("党章")+"&kind=cue", nil, &a)
	if len(a.Hits) != 1 || a.Hits[0].Seconds != 83.5 || a.Hits[0].URL != "/lessons/13?t=83.5" {
		t.Errorf("cue hit: %+v", a.Hits)
	}
	// 党 is in every doc: the learner sees only the open course's three.
	learner.do("GET", "/api/v1/search?q="+url.QueryEscape("党"), nil, &a)
	if a.Total != 3 || a.Kinds["course"] != 1 || a.Kinds["page"] != 1 || a.Kinds["cue"] != 1 {
		t.Errorf("党 for a learner: %d %v %v", a.Total, a.Kinds, a.kinds())
	}
}

// No parameter can widen what a learner sees.
func TestSearchParametersNeverWiden(t *testing.T) {
	t.Parallel()
	ts := newSearchServer(t)
	learner := ts.login(t, "demo_learner")
	for _, params := range []string{
		"", "&all=1&admin=1&trainer=1", "&published=false&open=1", "&course=2", "&course=3", "&kind=question",
		"&user=1&user_id=1&owner=1", "&filter=" + url.QueryEscape("published = false OR true"), "&mine=1",
	} {
		var a searchAnswer
		if st := learner.do("GET", "/api/v1/search?q="+url.QueryEscape("党员 纪律")+params, nil, &a); st != 200 {
			t.Errorf("%s: status %d", params, st)
		}
		for _, h := range a.Hits {
			if h.CourseID == 2 || h.CourseID == 3 || h.Kind == "question" {
				t.Errorf("%s: learner sees %+v", params, h)
			}
		}
	}
	var a searchAnswer
	trainer := ts.login(t, "demo_trainer")
	trainer.do("GET", "/api/v1/search?q="+url.QueryEscape("纪律"), nil, &a)
	if a.Kinds["question"] != 1 {
		t.Errorf("trainer sees questions: %v", a.kinds())
	}
	trainer.do("GET", "/api/v1/search?q="+url.QueryEscape("安全生产"), nil, &a)
	if len(a.Hits) != 1 || a.Hits[0].CourseID != 3 {
		t.Errorf("trainer sees their draft: %v", a.kinds())
	}
	admin := ts.login(t, "demo_admin")
	admin.do("GET", "/api/v1/search?q="+url.QueryEscape("党员"), nil, &a)
	if a.Total != 3 {
		t.Errorf("admin: %v", a.kinds())
	}
}

func TestSearchBadInput(t *testing.T) {
	t.Parallel()
	ts := newSearchServer(t)
	learner := ts.login(t, "demo_learner")
	cases := []struct {
		query, code string
		status      int
	}{
		{"q=", "empty_query", 400},
		{"q=" + url.QueryEscape("   "), "empty_query", 400},
		{"q=" + strings.Repeat("党", 10000), "query_too_long", 400},
		{"q=" + url.QueryEscape(`" * : ( ) \`), "empty_query", 400},
		{"q=a&kind=secret", "invalid_kind", 400},
		{"q=a&page=abc", "invalid_page", 400},
		{"q=a&page=-1", "invalid_page", 400},
		{"q=a&page=1000", "page_too_deep", 400},
		{"q=a&per_page=500", "invalid_page", 400},
		{"q=a&course=x", "invalid_course", 400},
	}
	for _, c := range cases {
		var e apiError
		if st := learner.do("GET", "/api/v1/search?"+c.query, nil, &e); st != c.status || e.Error.Code != c.code || e.Error.Message == "" {
			t.Errorf("%.40s: %d %+v, want %d %s", c.query, st, e, c.status, c.code)
		}
	}
	var a searchAnswer
	if st := learner.do("GET", "/api/v1/search?q="+url.QueryEscape(`"党员教育" * : ( ) \`), nil, &a); st != 200 || len(a.Hits) != 1 {
		t.Errorf("syntax characters: %d %v", st, a.kinds())
	}
	var e apiError
	if st := ts.client(t).do("GET", "/api/v1/search?q=a", nil, &e); st != 401 {
		t.Errorf("anonymous: %d", st)
	}
	var sug struct {
		Suggestions []struct{ Kind, Title, URL string } `json:"suggestions"`
	}
	if st := learner.do("GET", "/api/v1/search/suggest?q="+url.QueryEscape("党员教"), nil, &sug); st != 200 || len(sug.Suggestions) == 0 ||
		sug.Suggestions[0].URL != "/courses/1" || !strings.Contains(sug.Suggestions[0].Title, "<mark>党员教</mark>") {
		t.Errorf("suggest: %d %+v", st, sug)
	}
	if st := learner.do("GET", "/api/v1/search/suggest?q=", nil, &sug); st != 200 || len(sug.Suggestions) != 0 {
		t.Errorf("empty suggest: %d %+v", st, sug)
	}
	if st := learner.do("GET", "/api/v1/search/problems", nil, &e); st != 403 {
		t.Errorf("learner problems: %d", st)
	}
	if st := ts.login(t, "demo_trainer").do("GET", "/api/v1/search/problems", nil, nil); st != 200 {
		t.Errorf("trainer problems: %d", st)
	}
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	ts := newSearchServer(t)
	learner := ts.login(t, "demo_learner")
	st, body := learner.get("/search?q=" + url.QueryEscape("党"))
	if st != 200 {
		t.Fatalf("status %d", st)
	}
	for _, want := range []string{`href="/lessons/12?page=2"`, `href="/lessons/13?t=83.5"`, `href="/courses/1"`,
		"<mark>党</mark>", "第 2 页", "1:23", `data-kind="page"`, `data-kind="cue"`, "共找到 3 条结果"} {
		if !strings.Contains(body, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
	if strings.Contains(body, "保密工作") || strings.Contains(body, "草稿") {
		t.Error("results page shows a course the learner may not open")
	}
	if st, body := learner.get("/search?q=" + url.QueryEscape("<script>alert(1)</script>")); st != 200 || strings.Contains(body, "<script>alert") {
		t.Errorf("markup in the query: %d", st)
	}
	if st, body := learner.get("/search?q=" + strings.Repeat("长", 10000)); st != 400 || !strings.Contains(body, "搜索内容太长") {
		t.Errorf("long query: %d", st)
	}
	if st, body := learner.get("/search"); st != 200 || !strings.Contains(body, "输入关键词") {
		t.Errorf("empty search page: %d", st)
	}
	if st, _ := learner.get("/search/problems"); st != 403 {
		t.Errorf("learner problems page: %d", st)
	}
	if st, body := ts.login(t, "demo_trainer").get("/search/problems"); st != 200 || !strings.Contains(body, "没有索引问题") {
		t.Errorf("trainer problems page: %d", st)
	}
}
