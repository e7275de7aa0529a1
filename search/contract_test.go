package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The contract every backend passes: run against Bleve always, against a
// real Meilisearch when LMS_MEILI_URL is set.

type fixtureEntity struct {
	kind string
	id   int64
	docs []Doc
}

func fixtures() []fixtureEntity {
	pub := func(d Doc) Doc { d.Published, d.Open = true, true; return d }
	fx := []fixtureEntity{
		{"course", 1, []Doc{pub(Doc{Kind: KindCourse, CourseID: 1, Title: "党员教育专题培训",
			Body: "依托远程教育平台开展党员教育，服务基层党建工作。", Category: "党建", Tags: []string{"理论学习"}})}},
		{"lesson", 11, []Doc{pub(Doc{Kind: KindLesson, CourseID: 1, LessonID: 11, Title: "群众来信的办理流程",
			Body: "待处理的来信先登记，再分办。", Category: "党建"})}},
		{"lesson", 12, []Doc{
			pub(Doc{Kind: KindPage, CourseID: 4, LessonID: 12, Page: 1, Title: "数字化转型读本",
				Body: "第一章 Python 3.12 与 Kubernetes 入门，5G 网络建设。", Category: "技术"}),
			pub(Doc{Kind: KindPage, CourseID: 4, LessonID: 12, Page: 2, Title: "数字化转型读本",
				Body: "第二章 学习贯彻党的二十大精神，推进全面从严治党。", Category: "技术"}),
		}},
		{"lesson", 13, []Doc{
			pub(Doc{Kind: KindCue, CourseID: 4, LessonID: 13, Seconds: 83.5, Title: "党章学习微课",
				Body: "同志们好，今天我们一起学习党章。", Category: "技术"}),
			pub(Doc{Kind: KindCue, CourseID: 4, LessonID: 13, Seconds: 95, Title: "党章学习微课",
				Body: "下面讲第二部分：党的纪律。", Category: "技术"}),
		}},
		{"quiz_bank", 5, []Doc{pub(Doc{Kind: KindQuestion, Title: "下列关于党的纪律的说法正确的是",
			TrainerOnly: true, OwnerIDs: []int64{7}, URL: "/quiz/banks/5"})}},
		{"course", 2, []Doc{{Kind: KindCourse, CourseID: 2, Title: "草稿：安全生产培训",
			Body: "党员干部的安全生产责任", OwnerIDs: []int64{7}}}},
		{"course", 3, []Doc{{Kind: KindCourse, CourseID: 3, Title: "保密工作专题",
			Body: "党员保密纪律教育", Published: true}}},
	}
	for i := range 30 {
		fx = append(fx, fixtureEntity{"course", int64(100 + i), []Doc{pub(Doc{Kind: KindCourse,
			CourseID: int64(100 + i), Title: fmt.Sprintf("廉政教育第%d讲", i+1), Body: "廉洁自律"})}})
	}
	return fx
}

func load(t *testing.T, idx Index, fx []fixtureEntity) {
	t.Helper()
	var es []Entity
	for _, f := range fx {
		e, problem := makeEntity(f.kind, f.id, f.docs, nowMicros())
		if problem != nil {
			t.Fatal(problem)
		}
		es = append(es, e)
	}
	if err := idx.Replace(context.Background(), es); err != nil {
		t.Fatal(err)
	}
}

var (
	learner  = Filter{UserID: 9}
	assigned = Filter{UserID: 9, CourseIDs: []int64{3}}
	trainer  = Filter{UserID: 7, Trainer: true}
	manager  = Filter{UserID: 8, ManageIDs: []int64{2}}
	admin    = Filter{All: true, UserID: 1, Trainer: true}
)

func find(t *testing.T, idx Index, q Query) *Result {
	t.Helper()
	if err := q.Validate(); err != nil {
		t.Fatalf("%q: %v", q.Text, err)
	}
	r, err := idx.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("%q: %v", q.Text, err)
	}
	return r
}

func ids(r *Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	slices.Sort(out)
	return out
}

func hitByID(r *Result, id string) *Hit {
	for i := range r.Hits {
		if r.Hits[i].ID == id {
			return &r.Hits[i]
		}
	}
	return nil
}

func testContract(t *testing.T, idx Index) {
	load(t, idx, fixtures())
	t.Run("chinese", func(t *testing.T) { contractChinese(t, idx) })
	t.Run("mixed", func(t *testing.T) { contractMixed(t, idx) })
	t.Run("permissions", func(t *testing.T) { contractPermissions(t, idx) })
	t.Run("narrowing", func(t *testing.T) { contractNarrowing(t, idx) })
	t.Run("paging", func(t *testing.T) { contractPaging(t, idx) })
	t.Run("syntax", func(t *testing.T) { contractSyntax(t, idx) })
	t.Run("replace", func(t *testing.T) { contractReplace(t, idx) })
}

func contractChinese(t *testing.T, idx Index) {
	cases := []struct {
		q, want, mark string
		snippet       bool
	}{
		{"党员教育", "course-1-0", "<mark>党员教育</mark>", false},
		{"远程教育平台", "course-1-0", "<mark>远程教育平台</mark>", true},
		{"党建", "course-1-0", "<mark>党建</mark>", true},
		{"处理", "lesson-11-0", "待<mark>处理</mark>", true},
		{"党章", "lesson-13-0", "<mark>党章</mark>", true},
		{"学习贯彻党的二十大精神", "lesson-12-1", "<mark>学习贯彻党的二十大精神</mark>", true},
		{"服务基层党建工作", "course-1-0", "<mark>服务基层党建工作</mark>", true},
	}
	for _, c := range cases {
		r := find(t, idx, Query{Text: c.q, Filter: learner})
		if len(r.Hits) == 0 || r.Hits[0].ID != c.want {
			t.Errorf("%q: first hit of %v, want %s", c.q, ids(r), c.want)
			continue
		}
		got := r.Hits[0].Title
		if c.snippet {
			got = r.Hits[0].Snippet
		}
		if !strings.Contains(got, c.mark) {
			t.Errorf("%q: %q lacks %q", c.q, got, c.mark)
		}
	}
	contractPhrases(t, idx)
	// One character finds every doc holding it, and nothing hidden.
	r := find(t, idx, Query{Text: "党", Filter: learner})
	want := []string{"course-1-0", "lesson-12-1", "lesson-13-0", "lesson-13-1"}
	if got := ids(r); !slices.Equal(got, want) {
		t.Errorf("党: %v, want %v", got, want)
	}
	if r.Kinds[KindCue] != 2 || r.Kinds[KindPage] != 1 || r.Kinds[KindCourse] != 1 {
		t.Errorf("党: kinds %v", r.Kinds)
	}
	if h := hitByID(r, "lesson-13-0"); h == nil || h.Seconds != 83.5 || h.URL != "/lessons/13?t=83.5" {
		t.Errorf("cue hit: %+v", h)
	}
	if h := hitByID(r, "lesson-12-1"); h == nil || h.Page != 2 || h.URL != "/lessons/12?page=2" {
		t.Errorf("page hit: %+v", h)
	}
}

// contractPhrases: a run of Chinese characters is found only as it stands,
// never from its pieces apart or in another order.
func contractPhrases(t *testing.T, idx Index) {
	cases := []struct {
		q    string
		want []string
	}{
		{"党员教育", []string{"course-1-0"}}, // course-3: 党员保密纪律教育, apart
		{"远程教育平台", []string{"course-1-0"}},
		{"党员教育平台", nil}, // 党员教育 and 平台 both there, not together
		{"平台远程教育", nil}, // the pieces, in another order
		{"基层党建工作服务", nil},
		{"贯彻党的二十大精神推进", nil},
	}
	for _, c := range cases {
		r := find(t, idx, Query{Text: c.q, Filter: admin})
		if got := ids(r); !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("%q: %v, want %v", c.q, got, c.want)
		}
	}
}

func contractMixed(t *testing.T, idx Index) {
	for _, q := range []string{"Python 3.12", "5G网络", "kubernetes 入门", "Kubernetez", "Kuber", "ＰＹＴＨＯＮ"} {
		r := find(t, idx, Query{Text: q, Filter: learner})
		if got := ids(r); !slices.Equal(got, []string{"lesson-12-0"}) {
			t.Errorf("%q: %v, want the first page", q, got)
		}
	}
	r := find(t, idx, Query{Text: "Kubernetez", Filter: learner})
	if len(r.Hits) == 1 && !strings.Contains(r.Hits[0].Snippet, "<mark>Kubernetes</mark>") {
		t.Errorf("typo highlight: %q", r.Hits[0].Snippet)
	}
	if r := find(t, idx, Query{Text: "党员教育 Python", Filter: learner}); len(r.Hits) != 0 {
		t.Errorf("every word must match: %v", ids(r))
	}
}

func contractPermissions(t *testing.T, idx Index) {
	cases := []struct {
		name   string
		f      Filter
		q      string
		want   []string
		absent []string
	}{
		{"learner: no drafts, no closed courses, no questions", learner, "纪律", []string{"lesson-13-1"}, nil},
		{"learner: draft hidden", learner, "安全生产", nil, nil},
		{"assigned course", assigned, "保密", []string{"course-3-0"}, nil},
		{"trainer: questions, own drafts", trainer, "纪律", []string{"lesson-13-1", "quiz_bank-5-0"}, nil},
		{"owner sees the draft", trainer, "安全生产", []string{"course-2-0"}, nil},
		{"manager sees the subtree's draft", manager, "安全生产", []string{"course-2-0"}, nil},
		{"manager is no trainer", manager, "纪律", []string{"lesson-13-1"}, nil},
		{"admin sees all", admin, "纪律", []string{"course-3-0", "lesson-13-1", "quiz_bank-5-0"}, nil},
	}
	for _, c := range cases {
		r := find(t, idx, Query{Text: c.q, Filter: c.f})
		if got := ids(r); !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	r := find(t, idx, Query{Text: "纪律", Filter: trainer})
	if h := hitByID(r, "quiz_bank-5-0"); h == nil || h.URL != "/quiz/banks/5" {
		t.Errorf("question link: %+v", h)
	}
}

func contractNarrowing(t *testing.T, idx Index) {
	r := find(t, idx, Query{Text: "党", Kinds: []string{KindCue}, Filter: learner})
	if got := ids(r); !slices.Equal(got, []string{"lesson-13-0", "lesson-13-1"}) || r.Total != 2 {
		t.Errorf("kind=cue: %v total %d", got, r.Total)
	}
	if r.Kinds[KindCourse] != 1 || r.Kinds[KindCue] != 2 {
		t.Errorf("kind counts ignore the kind narrowing: %v", r.Kinds)
	}
	r = find(t, idx, Query{Text: "党", CourseID: 4, Filter: learner})
	if got := ids(r); !slices.Equal(got, []string{"lesson-12-1", "lesson-13-0", "lesson-13-1"}) {
		t.Errorf("course=4: %v", got)
	}
	r = find(t, idx, Query{Text: "党", Category: "党建", Filter: learner})
	if got := ids(r); !slices.Equal(got, []string{"course-1-0"}) {
		t.Errorf("category: %v", got)
	}
	// Narrowing never widens: a closed course asked for by id stays hidden.
	if r := find(t, idx, Query{Text: "保密", CourseID: 3, Filter: learner}); len(r.Hits) != 0 {
		t.Errorf("course=3 widened the filter: %v", ids(r))
	}
	r = find(t, idx, Query{Text: "党员", Mine: true, Filter: assigned})
	if got := ids(r); !slices.Equal(got, []string{"course-3-0"}) {
		t.Errorf("mine: %v", got)
	}
}

func contractPaging(t *testing.T, idx Index) {
	seen := map[string]bool{}
	for page := 1; page <= 4; page++ {
		r := find(t, idx, Query{Text: "廉政", Page: page, PerPage: 10, Filter: learner})
		if r.Total != 30 {
			t.Fatalf("total %d, want 30", r.Total)
		}
		if want := max(0, min(10, 30-(page-1)*10)); len(r.Hits) != want {
			t.Fatalf("page %d: %d hits, want %d", page, len(r.Hits), want)
		}
		for _, h := range r.Hits {
			if seen[h.ID] {
				t.Errorf("page %d repeats %s", page, h.ID)
			}
			seen[h.ID] = true
		}
	}
}

func contractSyntax(t *testing.T, idx Index) {
	for _, q := range []string{`"党员教育" * : ( ) \`, `-党员教育`, `(党员教育)`, `党员教育*`, `\"党员教育\"`, `党员教育~^`} {
		r := find(t, idx, Query{Text: q, Filter: learner})
		if len(r.Hits) == 0 || r.Hits[0].ID != "course-1-0" {
			t.Errorf("%q: %v", q, ids(r))
		}
	}
	r := find(t, idx, Query{Text: "<script>alert(1)</script> 党员教育", Filter: learner})
	if len(r.Hits) != 0 {
		t.Errorf("markup words must match too: %v", ids(r))
	}
}

func contractReplace(t *testing.T, idx Index) {
	ctx := context.Background()
	changed := []fixtureEntity{{"lesson", 11, []Doc{{Kind: KindLesson, CourseID: 1, LessonID: 11,
		Title: "来信办理（修订）", Body: "登记后转办", Published: true, Open: true}}}}
	load(t, idx, changed)
	if r := find(t, idx, Query{Text: "处理", Filter: learner}); len(r.Hits) != 0 {
		t.Errorf("old text still found: %v", ids(r))
	}
	if r := find(t, idx, Query{Text: "转办", Filter: learner}); len(ids(r)) != 1 {
		t.Errorf("new text not found: %v", ids(r))
	}
	// Fewer docs than before: the extra ones go.
	load(t, idx, []fixtureEntity{{"lesson", 13, []Doc{{Kind: KindCue, CourseID: 4, LessonID: 13,
		Title: "党章学习微课", Body: "党章", Published: true, Open: true}}}})
	if r := find(t, idx, Query{Text: "纪律", Filter: learner}); len(r.Hits) != 0 {
		t.Errorf("removed cue still found: %v", ids(r))
	}
	// No docs: unpublished or deleted, gone at once.
	load(t, idx, []fixtureEntity{{"course", 1, nil}})
	if r := find(t, idx, Query{Text: "党员教育", Filter: admin}); len(r.Hits) != 0 {
		t.Errorf("deleted course still found: %v", ids(r))
	}
	before, _ := idx.Count(ctx)
	cutoff := nowMicros()
	load(t, idx, []fixtureEntity{{"course", 3, []Doc{{Kind: KindCourse, CourseID: 3, Title: "保密工作专题", Published: true}}}})
	if err := idx.DeleteBefore(ctx, cutoff); err != nil {
		t.Fatal(err)
	}
	if n, _ := idx.Count(ctx); n != 1 || before < 30 {
		t.Errorf("after DeleteBefore: %d docs (before %d), want 1", n, before)
	}
}
