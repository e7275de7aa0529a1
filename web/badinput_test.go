package web

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lms/course"
	"lms/org"
	"lms/quiz"
)

// badInputFixture holds what the bad-input cases aim at: a bank, a course,
// and a learner's attempt at a quiz with a short-answer question.
type badInputFixture struct {
	fs               *fullServer
	trainer, learner *client
	bankID, courseID int64
	attemptID, essay int64
	trainerToken     string
	adminToken       string
}

func newBadInputFixture(t *testing.T) *badInputFixture {
	fs := newFullServer(t)
	f := &badInputFixture{fs: fs, trainer: fs.login(t, "demo_trainer"), learner: fs.login(t, "demo_learner")}
	var bank quiz.Bank
	if st := f.trainer.do("POST", "/api/v1/banks", map[string]any{"name": "题库", "unit_path": "u1"}, &bank); st != 201 {
		t.Fatalf("create bank: %d", st)
	}
	f.bankID = bank.ID
	ct, body := multipartFile(t, "q.gift.txt", []byte("简述党的宗旨。{}\n\n党员应当按期交纳党费。{TRUE}\n"))
	if st, out := f.trainer.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", bank.ID), ct, body); st != 200 {
		t.Fatalf("import: %d %s", st, out)
	}
	var page quiz.QuestionPage
	f.trainer.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", bank.ID), nil, &page)
	var items []map[string]any
	for _, q := range page.Questions {
		items = append(items, map[string]any{"question_id": q.ID, "points": 50})
	}
	var z quiz.Quiz
	if st := f.trainer.do("POST", "/api/v1/quizzes", map[string]any{"title": "测验", "unit_path": "u1", "items": items, "pass_mark": 60}, &z); st != 201 {
		t.Fatalf("create quiz: %d", st)
	}
	var v quiz.AttemptView
	if st := f.learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", z.ID), nil, &v); st != 201 {
		t.Fatalf("start: %d", st)
	}
	f.attemptID = v.ID
	for _, q := range v.Questions {
		if q.Type == quiz.Short {
			f.essay = q.ID
		}
	}
	var crs course.Course
	if st := f.trainer.do("POST", "/api/v1/courses", map[string]any{"title": "课程", "category": "党性教育", "hours": 1}, &crs); st != 201 {
		t.Fatalf("create course: %d", st)
	}
	f.courseID = crs.ID
	f.trainerToken = f.token(t, "demo_trainer")
	f.adminToken = f.token(t, "demo_admin")
	return f
}

func (f *badInputFixture) token(t *testing.T, username string) string {
	t.Helper()
	u, err := f.fs.Org.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := f.fs.Org.CreateAPIToken(context.Background(), org.System(), u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Invalid text anywhere a client can put it is a 400 that names the field,
// never a 500 from the database.
func TestInvalidTextRefused(t *testing.T) {
	f := newBadInputFixture(t)
	nul := url.QueryEscape("党\x00员")
	for _, path := range []string{"/api/v1/users?q=" + nul, "/api/v1/courses?q=" + nul, "/api/v1/search?q=" + nul,
		"/search?q=" + nul, "/catalogue?q=" + nul, "/api/v1/users?q=" + url.QueryEscape("\xff\xfe"),
		"/api/v1/courses?category=" + url.QueryEscape("a\x1bb")} {
		st, body := f.trainer.quizRaw("GET", path, "", nil)
		if st != 400 || !strings.Contains(body, "q") && !strings.Contains(body, "category") {
			t.Errorf("GET %s: %d %.200s", path, st, body)
		}
	}
	cases := []struct {
		method, path, field string
		body                string
	}{
		{"POST", fmt.Sprintf("/api/v1/banks/%d/questions", f.bankID), "stem",
			`{"type":"short","stem":"简述\u0000宗旨","difficulty":1}`},
		{"POST", fmt.Sprintf("/api/v1/courses/%d/lessons", f.courseID), "article_html",
			`{"kind":"article","title":"正文","article_html":"<p>正\u0000文</p>"}`},
		{"PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", f.attemptID, f.essay), "texts",
			`{"texts":["答\u0000案"]}`},
		{"PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", f.attemptID, f.essay), "texts",
			"{\"texts\":[\"\xff答案\"]}"},
		{"PUT", "/api/v1/media/1/subtitles/%00", "lang", `WEBVTT`},
	}
	for _, c := range cases {
		who := f.trainer
		if strings.Contains(c.path, "attempts") {
			who = f.learner
		}
		st, body := who.quizRaw(c.method, c.path, "application/json", []byte(c.body))
		if st != 400 || !strings.Contains(body, c.field) {
			t.Errorf("%s %s: %d %.200s", c.method, c.path, st, body)
		}
	}
	// A form field too: the login page's form.
	st, body, _ := f.fs.client(t).post("/login", url.Values{"username": {"demo\x00x"}, "password": {"x"}})
	if st != 400 && st != 403 {
		t.Errorf("form field with NUL: %d %.200s", st, body)
	}
}

// Page numbers beyond any list are 400, not an overflowing OFFSET.
func TestHugePageNumbers(t *testing.T) {
	f := newBadInputFixture(t)
	admin := f.fs.login(t, "demo_admin")
	const huge = "9223372036854775807"
	for _, path := range []string{"/api/v1/users?page=" + huge, "/api/v1/courses?page=" + huge,
		"/api/v1/search?q=党&page=" + huge, "/search?q=党&page=" + huge, "/catalogue?page=" + huge,
		"/api/v1/courses?per_page=" + huge, "/api/v1/users?per_page=" + huge, "/api/v1/audit?page=" + huge,
		"/admin/audit?page=" + huge, "/api/v1/courses?page=-3", "/api/v1/courses?page=x"} {
		st, body := admin.quizRaw("GET", path, "", nil)
		if st != 400 || !strings.Contains(body, "page") {
			t.Errorf("GET %s: %d %.200s", path, st, body)
		}
	}
	if st, _ := admin.quizRaw("GET", "/api/v1/courses?page=2&per_page=5", "", nil); st != 200 {
		t.Errorf("a sane page: %d", st)
	}
}

// truncatedMultipart sends a multipart body shorter than its
// Content-Length, closes its side, and returns the status answered.
func truncatedMultipart(t *testing.T, base, path, token string) int {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	part := "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n讲座\r\n" +
		"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n" +
		"Content-Type: application/octet-stream\r\n\r\n" + strings.Repeat("x", 1000)
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n%s",
		path, u.Host, token, len(part)+100000, part)
	_ = conn.(*net.TCPConn).CloseWrite()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: no answer: %v", path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// An upload cut short (the body ends before its Content-Length) is 400.
func TestTruncatedMultipart(t *testing.T) {
	f := newBadInputFixture(t)
	for _, c := range []struct{ path, token string }{
		{"/api/v1/users/import", f.adminToken},
		{fmt.Sprintf("/api/v1/banks/%d/import", f.bankID), f.trainerToken},
		{"/api/v1/media", f.trainerToken},
		{fmt.Sprintf("/api/v1/courses/%d/cover", f.courseID), f.trainerToken},
	} {
		if st := truncatedMultipart(t, f.fs.URL, c.path, c.token); st != 400 {
			t.Errorf("truncated upload to %s: %d", c.path, st)
		}
	}
}
