package search

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMeiliContract runs the backend contract against a real Meilisearch
// when LMS_MEILI_URL points at one; TestMeiliAPI below checks every request
// against the documented HTTP API either way.
func TestMeiliContract(t *testing.T) {
	t.Parallel()
	url := os.Getenv("LMS_MEILI_URL")
	if url == "" {
		t.Skip("LMS_MEILI_URL is not set: the Meilisearch backend is checked against its documented API only (TestMeiliAPI)")
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	m := OpenMeili(url, os.Getenv("LMS_MEILI_KEY"), "lms_test_"+hex.EncodeToString(b))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if task, err := m.client.DeleteIndex(ctx, m.uid); err == nil {
			_ = m.await(ctx, task)
		}
	})
	testContract(t, m)
}

func TestMeiliFilter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		q    Query
		want string
	}{
		{"admin", Query{Filter: admin}, ""},
		{"learner", Query{Filter: learner},
			`((published = true AND open = true) OR owner_ids = 9) AND trainer_only = false`},
		{"assigned", Query{Filter: assigned},
			`((published = true AND (open = true OR course_id IN [3])) OR owner_ids = 9) AND trainer_only = false`},
		{"trainer", Query{Filter: trainer}, `((published = true AND open = true) OR owner_ids = 7)`},
		{"manager", Query{Filter: manager},
			`((published = true AND open = true) OR course_id IN [2] OR owner_ids = 8) AND trainer_only = false`},
		{"narrowed", Query{Filter: admin, Kinds: []string{"page", "cue"}, CourseID: 4, Category: `党"建\`},
			`kind IN ["page", "cue"] AND course_id = 4 AND category = "党\"建\\"`},
		{"mine", Query{Filter: Filter{All: true, UserID: 3, CourseIDs: []int64{5}, ManageIDs: []int64{6}}, Mine: true},
			`(owner_ids = 3 OR course_id IN [5, 6])`},
	}
	for _, c := range cases {
		if got := meiliFilter(c.q, true); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestMeiliQuery(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"党员教育":                  `"党 员 教 育"`,
		`"党建" * : ( ) \ Pythan`: `"党 建" pythan`,
		"5G网络 -Kubernetes":      `"5g 网 络" kubernetes`,
		"COVID-19 3.12":         `covid-19 3.12`,
	}
	for in, want := range cases {
		if got := meiliQuery(parseTerms(in)); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
	if got := spaced("待处理：Go语言 2024年"); got != "待 处 理 go 语 言 2024 年" {
		t.Errorf("spaced: %q", got)
	}
	if strings.Contains(meiliQuery(parseTerms(`a"b`)), `a"`) {
		t.Error("a quote reached the query")
	}
}
