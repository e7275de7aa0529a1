package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"lms/course"
	"lms/org"
	"lms/quiz"
)

// The fuzz targets send whatever the fuzzer makes to the real server over
// HTTP, authenticated with a personal token, and fail on any 5xx (a panic
// is a 500 from the recover middleware). `go test` replays the seeds
// below and testdata/fuzz/; `go test -fuzz FuzzX -run '^$' ./web/` explores.

// fuzzClient sends requests with a bearer token.
type fuzzClient struct {
	base, token string
	http        *http.Client
}

func newFuzzClient(tb testing.TB, fs *fullServer, username string) *fuzzClient {
	tb.Helper()
	u, err := fs.Org.UserByUsername(context.Background(), username)
	if err != nil {
		tb.Fatal(err)
	}
	tok, err := fs.Org.CreateAPIToken(context.Background(), org.System(), u.ID, "fuzz")
	if err != nil {
		tb.Fatal(err)
	}
	return &fuzzClient{base: fs.URL, token: tok, http: &http.Client{Timeout: 30 * time.Second}}
}

func (c *fuzzClient) send(tb testing.TB, method, path, contentType string, body []byte) (int, []byte) {
	tb.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// call sends JSON, wants the status and decodes the answer into out.
func (c *fuzzClient) call(tb testing.TB, method, path string, in any, want int, out any) {
	tb.Helper()
	var body []byte
	if in != nil {
		body, _ = json.Marshal(in)
	}
	st, got := c.send(tb, method, path, "application/json", body)
	if st != want {
		tb.Fatalf("%s %s: %d %s", method, path, st, got)
	}
	if out != nil {
		if err := json.Unmarshal(got, out); err != nil {
			tb.Fatal(err)
		}
	}
}

func no5xx(t *testing.T, what string, st int, body []byte) {
	t.Helper()
	if st >= 500 {
		t.Fatalf("%s: status %d for %q", what, st, body)
	}
}

func FuzzHeartbeat(f *testing.F) {
	for _, s := range []string{
		`{"playback_id":"p1","seq":1,"position":3,"played":[[0,3]],"rate":1,"visible":true}`,
		`{"playback_id":"p1","seq":2,"played":[{"start":3,"end":1e308}],"rate":-1}`,
		`{"seq":9223372036854775807,"played":[[-5,"x"]]}`,
		`{"playback_id":"` + strings.Repeat("p", 300) + `","played":[[0,1],[0,1],[1,0]]}`,
		`{"client_time":"0001-01-01T00:00:00Z","presence_answer":"\u0000"}`,
		`[]`, `null`, ``,
	} {
		f.Add(uint8(0), []byte(s))
		f.Add(uint8(1), []byte(s))
	}
	fs := newFullServer(f)
	article, video := fuzzCourse(f, fs)
	c := newFuzzClient(f, fs, "demo_learner")
	lessons := []int64{article, video, 999999}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		path := fmt.Sprintf("/api/v1/lessons/%d/heartbeat", lessons[int(which)%len(lessons)])
		st, _ := c.send(t, "POST", path, "application/json", body)
		no5xx(t, path, st, body)
	})
}

func FuzzAnswerSave(f *testing.F) {
	for _, s := range []string{
		`{"choices":[0]}`, `{"choices":[0,1,1,-1,99]}`, `{"texts":["全国代表大会"]}`, `{"texts":["1921.0000001"]}`,
		`{"texts":["` + strings.Repeat("长", 5000) + `"],"flagged":true}`, `{"choices":"A"}`,
		`{"texts":[null, 1]}`, `{}`, ``,
	} {
		for q := range 6 {
			f.Add(uint8(q), []byte(s))
		}
	}
	fs := newFullServer(f)
	attempt, questions := fuzzAttempt(f, newFuzzClient(f, fs, "demo_trainer"), newFuzzClient(f, fs, "demo_learner"))
	c := newFuzzClient(f, fs, "demo_learner")
	questions = append(questions, 999999)
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		path := fmt.Sprintf("/api/v1/attempts/%d/answers/%d", attempt, questions[int(which)%len(questions)])
		st, _ := c.send(t, "PUT", path, "application/json", body)
		no5xx(t, path, st, body)
	})
}

// FuzzImportQuestions sends a question file in each format, raw and as a
// multipart upload, checked or written.
func FuzzImportQuestions(f *testing.F) {
	for _, s := range []string{fuzzGIFT, "::t::{=a ~b}", "// [tag:x] [difficulty:9]\n$CATEGORY: a/b\n::x:: q {#1..}",
		"题目？\nA. 甲\nB. 乙\nANSWER: B\n", "{", "\\{\\}\\~\\=\\#::::", "q {=a#fb ~%-50%b}", "\xef\xbb\xbf::\x00::{}"} {
		f.Add(uint8(0), []byte(s))
		f.Add(uint8(5), []byte(s))
	}
	fs := newFullServer(f)
	trainer := newFuzzClient(f, fs, "demo_trainer")
	var bank quiz.Bank
	trainer.call(f, "POST", "/api/v1/banks", map[string]any{"name": "导入模糊", "unit_path": "u1"}, 201, &bank)
	formats := []string{"gift", "aiken", "xlsx", "auto", ""}
	f.Fuzz(func(t *testing.T, how uint8, data []byte) {
		path := fmt.Sprintf("/api/v1/banks/%d/import?format=%s", bank.ID, formats[int(how)%len(formats)])
		if how&8 == 0 {
			path += "&dry_run=1"
		}
		ct, body := "text/plain", data
		if how&16 != 0 {
			ct, body = multipartBody(nil, "file", "q.txt", data)
		}
		st, _ := trainer.send(t, "POST", path, ct, body)
		no5xx(t, path, st, data)
	})
}

// FuzzImportRoster sends a roster file (CSV or anything else) to the user
// import, checked or written.
func FuzzImportRoster(f *testing.F) {
	for _, s := range []string{"账号,姓名,组织\nx1,某某," + demoNorth + "\n", "账号,姓名,组织,角色\nx2,某,示范能源集团,管理员\n",
		"\xef\xbb\xbf账号,姓名\n\"x3,\"\"\n", "PK\x03\x04", ",,,\n,,,", "账号,姓名,组织\n" + strings.Repeat("a", 70) + ",b,c\n"} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	fs := newFullServer(f)
	admin := newFuzzClient(f, fs, "demo_admin")
	f.Fuzz(func(t *testing.T, write bool, data []byte) {
		path := "/api/v1/users/import?dry_run=1"
		if write {
			path = "/api/v1/users/import"
		}
		ct, body := multipartBody(nil, "file", "roster.csv", data)
		st, _ := admin.send(t, "POST", path, ct, body)
		no5xx(t, path, st, data)
	})
}

// fuzzCourse publishes an open course of demo_trainer's (no skipping) with
// an article and a video lesson, assigned to demo_learner's branch.
func fuzzCourse(tb testing.TB, fs *fullServer) (article, video int64) {
	tb.Helper()
	ctx := context.Background()
	_, trainer, err := fs.Org.Login(ctx, "demo_trainer", org.DemoPassword, "127.0.0.1", "fuzz")
	if err != nil {
		tb.Fatal(err)
	}
	c, err := fs.Course.CreateCourse(ctx, trainer, course.CourseInput{Title: ptrTo("模糊测试"), Open: ptrTo(true),
		Category: ptrTo("党性教育"), Hours: ptrTo(1.0), ForbidSkip: ptrTo(true)})
	if err != nil {
		tb.Fatal(err)
	}
	art, err := fs.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: ptrTo("正文"), Kind: "article",
		MinSeconds: ptrTo(30), ArticleHTML: ptrTo("<p>正文</p>")})
	if err != nil {
		tb.Fatal(err)
	}
	vid, err := fs.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: ptrTo("讲座"), Kind: "video"})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := fs.Course.SetState(ctx, trainer, c.ID, "published"); err != nil {
		tb.Fatal(err)
	}
	unit, err := fs.Org.UnitIDByPath(ctx, firstBranch)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = fs.Course.Assign(ctx, org.System(), fs.Org, course.AssignInput{CourseID: c.ID, UnitID: unit,
		Mandatory: true, DueAt: time.Now().Add(30 * 24 * time.Hour), Year: time.Now().Year()})
	if err != nil {
		tb.Fatal(err)
	}
	return art.ID, vid.ID
}

// fuzzAttempt starts the learner's attempt at an untimed quiz of every
// question type, returning the attempt and its questions.
func fuzzAttempt(tb testing.TB, trainer, learner *fuzzClient) (int64, []int64) {
	tb.Helper()
	var bank quiz.Bank
	trainer.call(tb, "POST", "/api/v1/banks", map[string]any{"name": "模糊题库", "unit_path": "u1"}, 201, &bank)
	ct, body := multipartBody(nil, "file", "q.gift.txt", []byte(fuzzGIFT))
	if st, out := trainer.send(tb, "POST", fmt.Sprintf("/api/v1/banks/%d/import", bank.ID), ct, body); st != 200 {
		tb.Fatalf("import: %d %s", st, out)
	}
	var page quiz.QuestionPage
	trainer.call(tb, "GET", fmt.Sprintf("/api/v1/banks/%d/questions", bank.ID), nil, 200, &page)
	var items []map[string]any
	for _, q := range page.Questions {
		items = append(items, map[string]any{"question_id": q.ID, "points": 10})
	}
	var z quiz.Quiz
	trainer.call(tb, "POST", "/api/v1/quizzes", map[string]any{"title": "模糊测验", "unit_path": "u1", "items": items,
		"pass_mark": 60}, 201, &z)
	var v quiz.AttemptView
	learner.call(tb, "POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", z.ID), nil, 201, &v)
	var qs []int64
	for _, q := range v.Questions {
		qs = append(qs, q.ID)
	}
	return v.ID, qs
}

const fuzzGIFT = `党的根本宗旨是什么？{=全心全意为人民服务 ~实现共产主义 ~发展生产力}

四个意识包括：{~%50%政治意识 ~%50%大局意识 ~创新意识}

党员应当按期交纳党费。{TRUE}

党的最高领导机关是党的{=全国代表大会}。

建党年份？{#1921:0}

简述党的宗旨。{}
`
