package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lms/internal/app/apptest"
	"lms/quiz"
)

// quizServer is the real web server with the quiz feature over a fresh
// database seeded with the demo organisation.
func quizServer(t *testing.T) (*testServer, *quiz.Service) {
	t.Helper()
	a, srv := appServer(t, apptest.Options{}, nil)
	return &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}, a.Quiz
}

// raw sends a request and returns the status and the body as text.
func (c *client) quizRaw(method, path, contentType string, body []byte) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func multipartFile(t *testing.T, name string, data []byte) (string, []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

// The questions' answer key carries markers no learner may see early.
const webGIFT = `::宗旨::党的根本宗旨是什么？{=全心全意为人民服务#KEY-FEEDBACK ~实现共产主义 ~发展生产力####KEY-EXPLANATION}

四个意识包括：{~%50%政治意识 ~%50%大局意识 ~创新意识}

党员应当按期交纳党费。{TRUE}

党的最高领导机关是党的{=KEYBLANK全国代表大会}。
`

type quizFixture struct {
	ts      *testServer
	trainer *client
	bankID  int64
	quizID  int64
}

func newQuizFixture(t *testing.T, settings map[string]any) *quizFixture {
	ts, _ := quizServer(t)
	f := &quizFixture{ts: ts, trainer: ts.login(t, "demo_trainer")}
	var bank quiz.Bank
	if st := f.trainer.do("POST", "/api/v1/banks", map[string]any{"name": "党章题库", "unit_path": "u1"}, &bank); st != 201 {
		t.Fatalf("create bank: %d", st)
	}
	f.bankID = bank.ID
	ct, body := multipartFile(t, "questions.gift.txt", []byte(webGIFT))
	if st, out := f.trainer.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", bank.ID), ct, body); st != 200 {
		t.Fatalf("import: %d %s", st, out)
	}
	var page quiz.QuestionPage
	f.trainer.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", bank.ID), nil, &page)
	var items []map[string]any
	for _, q := range page.Questions {
		items = append(items, map[string]any{"question_id": q.ID, "points": 25})
	}
	in := map[string]any{"title": "党章测验", "unit_path": "u1", "items": items, "pass_mark": 60, "shuffle_options": true}
	for k, v := range settings {
		in[k] = v
	}
	var z quiz.Quiz
	if st := f.trainer.do("POST", "/api/v1/quizzes", in, &z); st != 201 {
		t.Fatalf("create quiz: %d", st)
	}
	f.quizID = z.ID
	return f
}

// Everything a learner receives before submitting is free of the answer
// key: the JSON of start, resume and autosave, and the attempt page.
func TestQuizNoAnswerBeforeSubmit(t *testing.T) {
	f := newQuizFixture(t, map[string]any{"max_attempts": 1})
	learner := f.ts.login(t, "demo_learner")
	var seen []string
	st, body := learner.quizRaw("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quizID), "application/json", nil)
	if st != 201 {
		t.Fatalf("start: %d %s", st, body)
	}
	seen = append(seen, body)
	var v quiz.AttemptView
	jsonUnmarshal([]byte(body), &v)
	for _, path := range []string{
		fmt.Sprintf("/api/v1/attempts/%d", v.ID),
		fmt.Sprintf("/api/v1/quizzes/%d", f.quizID),
		fmt.Sprintf("/quiz/attempts/%d", v.ID),
		fmt.Sprintf("/quiz/quizzes/%d", f.quizID),
		"/quiz",
	} {
		st, b := learner.quizRaw("GET", path, "", nil)
		if st != 200 {
			t.Errorf("GET %s: %d", path, st)
		}
		seen = append(seen, b)
	}
	b, _ := jsonMarshal(quiz.AnswerInput{Choices: []int{0}})
	st, saved := learner.quizRaw("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", v.ID, v.Questions[0].ID), "application/json", b)
	if st != 200 {
		t.Fatalf("autosave: %d %s", st, saved)
	}
	seen = append(seen, saved)
	for i, s := range seen {
		// The menu links to 意见建议 (/feedback): not the quiz's feedback.
		s = navMenu.ReplaceAllString(s, "")
		for _, secret := range []string{"KEY-", "KEYBLANK", "weight", "explanation", "feedback", "review", "correct"} {
			if strings.Contains(s, secret) {
				t.Errorf("response %d leaks %q", i, secret)
			}
		}
	}
	// After submitting the only attempt, the key is shown (the quiz says
	// after_submit).
	st, after := learner.quizRaw("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", v.ID), "application/json", nil)
	if st != 200 || !strings.Contains(after, "KEY-EXPLANATION") {
		t.Errorf("submit: %d, key shown after: %v", st, strings.Contains(after, "KEY-EXPLANATION"))
	}
}

func TestQuizAPIBadInput(t *testing.T) {
	f := newQuizFixture(t, map[string]any{"max_attempts": 3})
	learner := f.ts.login(t, "demo_learner")
	other := f.ts.login(t, "hb1_01")
	var v quiz.AttemptView
	if st := learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quizID), nil, &v); st != 201 {
		t.Fatalf("start %d", st)
	}
	put := func(c *client, qid int64, body any) (int, apiError) {
		var e apiError
		return c.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", v.ID, qid), body, &e), e
	}
	if st, e := put(learner, 999999, map[string]any{"choices": []int{0}}); st != 404 || !strings.Contains(e.Error.Message, "没有这道题") {
		t.Errorf("question not in attempt: %d %+v", st, e)
	}
	if st, _ := put(other, v.Questions[0].ID, map[string]any{"choices": []int{0}}); st != 404 {
		t.Errorf("someone else's attempt: %d", st)
	}
	if st, _ := put(learner, v.Questions[0].ID, map[string]any{"choices": []int{9}}); st != 400 {
		t.Errorf("option out of range: %d", st)
	}
	if st, _ := put(learner, v.Questions[0].ID, map[string]any{"choices": "A"}); st != 400 {
		t.Errorf("malformed body: %d", st)
	}
	var e apiError
	if st := other.do("GET", fmt.Sprintf("/api/v1/attempts/%d", v.ID), nil, &e); st != 404 {
		t.Errorf("read someone else's attempt: %d", st)
	}
	if st := other.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", v.ID), nil, &e); st != 404 {
		t.Errorf("submit someone else's attempt: %d", st)
	}
	// Two submits at once: exactly one grades.
	statuses := make(chan int, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out map[string]any
			statuses <- learner.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", v.ID), nil, &out)
		}()
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for st := range statuses {
		got[st]++
	}
	if got[200] != 1 || got[409] != 1 {
		t.Errorf("two submits: %v", got)
	}
	if st, e := put(learner, v.Questions[0].ID, map[string]any{"choices": []int{0}}); st != 409 {
		t.Errorf("answer after submit: %d %+v", st, e)
	}
	for range 2 {
		var a quiz.AttemptView
		learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quizID), nil, &a)
		learner.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", a.ID), nil, nil)
	}
	if st := learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quizID), nil, &e); st != 409 || !strings.Contains(e.Error.Message, "最多作答 3 次") {
		t.Errorf("fourth attempt: %d %+v", st, e)
	}
	if st := learner.do("GET", fmt.Sprintf("/api/v1/quizzes/%d/results", f.quizID), nil, &e); st != 404 {
		t.Errorf("learner reads results: %d", st)
	}
	var res struct {
		Results quiz.Results      `json:"results"`
		Names   map[string]string `json:"names"`
	}
	if st := f.trainer.do("GET", fmt.Sprintf("/api/v1/quizzes/%d/results", f.quizID), nil, &res); st != 200 || res.Results.Submitted != 3 || len(res.Names) != 1 {
		t.Errorf("results: %d %+v", st, res)
	}
}

func TestQuizDeadlineOverHTTP(t *testing.T) {
	f := newQuizFixture(t, map[string]any{"time_limit_s": 1})
	learner := f.ts.login(t, "demo_learner")
	var v quiz.AttemptView
	learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quizID), nil, &v)
	if st := learner.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", v.ID, v.Questions[0].ID), map[string]any{"choices": []int{0}}, nil); st != 200 {
		t.Fatalf("in time: %d", st)
	}
	time.Sleep(1100 * time.Millisecond)
	var e apiError
	if st := learner.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", v.ID, v.Questions[1].ID), map[string]any{"choices": []int{0}}, &e); st != 409 || e.Error.Code != "deadline_passed" {
		t.Errorf("late answer: %d %+v", st, e)
	}
	var after quiz.AttemptView
	learner.do("GET", fmt.Sprintf("/api/v1/attempts/%d", v.ID), nil, &after)
	if after.SubmittedAt == nil || after.Status != quiz.StatusGraded {
		t.Errorf("not submitted at the deadline: %+v", after.Attempt)
	}
}

func TestQuizImportReportAndExport(t *testing.T) {
	f := newQuizFixture(t, nil)
	path := fmt.Sprintf("/api/v1/banks/%d/import", f.bankID)
	bad := "Good? {T}\n\nUnbalanced {=a ~b\n\nMatch {=a -> b}\n"
	st, out := f.trainer.quizRaw("POST", path, "text/plain", []byte(bad))
	if st != 422 || !strings.Contains(out, `"line":3`) || !strings.Contains(out, `"line":5`) || !strings.Contains(out, "配对题") {
		t.Errorf("bad GIFT: %d %s", st, out)
	}
	st, out = f.trainer.quizRaw("POST", path+"?dry_run=1", "text/plain", []byte("Good? {T}\n"))
	if st != 200 || !strings.Contains(out, `"dry_run":true`) || !strings.Contains(out, `"imported":0`) {
		t.Errorf("dry run: %d %s", st, out)
	}
	// An Excel file whose answer names a missing option.
	xl, err := quizXLSX([][]string{{"单选题", "题干", "甲", "乙", "", "", "", "", "", "", "D"}})
	if err != nil {
		t.Fatal(err)
	}
	ct, body := multipartFile(t, "q.xlsx", xl)
	st, out = f.trainer.quizRaw("POST", path, ct, body)
	if st != 422 || !strings.Contains(out, "答案 D 对应的选项不存在") || !strings.Contains(out, `"line":2`) {
		t.Errorf("bad xlsx: %d %s", st, out)
	}
	var page quiz.QuestionPage
	f.trainer.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", f.bankID), nil, &page)
	if page.Total != 4 {
		t.Errorf("rejected imports wrote: %d questions", page.Total)
	}
	for _, format := range []string{"gift", "xlsx"} {
		st, data := f.trainer.quizRaw("GET", fmt.Sprintf("/api/v1/banks/%d/export?format=%s", f.bankID, format), "", nil)
		p, err := quiz.Parse(format, []byte(data))
		if st != 200 || err != nil || len(p.Items) != 4 || len(p.Problems) != 0 {
			t.Errorf("export %s: %d %v %d %v", format, st, err, len(p.Items), p.Problems)
		}
	}
	learner := f.ts.login(t, "demo_learner")
	if st, _ := learner.quizRaw("GET", fmt.Sprintf("/api/v1/banks/%d/export?format=gift", f.bankID), "", nil); st != 404 {
		t.Errorf("learner exports the bank: %d", st)
	}
	if st, _ := learner.quizRaw("POST", "/api/v1/banks", "application/json", []byte(`{"name":"x"}`)); st != 403 {
		t.Errorf("learner creates a bank: %d", st)
	}
}

func quizXLSX(rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]string{quiz.ExcelHeaders}, rows...)
	for i, r := range all {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// A picture uploaded from the question editor is stored in the object store
// and served to signed-in users; anything but an image is refused.
func TestQuizImages(t *testing.T) {
	f := newQuizFixture(t, nil)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	ct, body := multipartImage(t, png)
	st, out := f.trainer.quizRaw("POST", "/quiz/images", ct, body)
	var got struct{ URL string }
	if st != 201 || jsonUnmarshal([]byte(out), &got) != nil || !strings.HasPrefix(got.URL, "/quiz/images/") {
		t.Fatalf("upload: %d %s", st, out)
	}
	learner := f.ts.login(t, "demo_learner")
	if st, data := learner.quizRaw("GET", got.URL, "", nil); st != 200 || !strings.HasPrefix(data, "\x89PNG") {
		t.Errorf("serve: %d", st)
	}
	ct, body = multipartImage(t, []byte("<html><script>alert(1)</script></html>"))
	if st, _ := f.trainer.quizRaw("POST", "/quiz/images", ct, body); st != 400 {
		t.Errorf("not an image: %d", st)
	}
	ct, body = multipartImage(t, png)
	if st, _ := learner.quizRaw("POST", "/quiz/images", ct, body); st != 403 {
		t.Errorf("learner uploads: %d", st)
	}
	if st, _ := learner.quizRaw("GET", "/quiz/images/../../secret", "", nil); st != 404 {
		t.Errorf("bad name: %d", st)
	}
	// The editor warns before a save would drop GIFT weights and feedback.
	var page quiz.QuestionPage
	f.trainer.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", f.bankID), nil, &page)
	if _, html := f.trainer.quizRaw("GET", fmt.Sprintf("/quiz/questions/%d/edit", page.Questions[0].ID), "", nil); !strings.Contains(html, `id="lossy"`) {
		t.Error("no warning for a question with option feedback")
	}
	if _, html := f.trainer.quizRaw("GET", fmt.Sprintf("/quiz/questions/%d/edit", page.Questions[2].ID), "", nil); strings.Contains(html, `id="lossy"`) {
		t.Error("warning for a plain true/false question")
	}
}

func multipartImage(t *testing.T, data []byte) (string, []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("image", "pic.png")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

// Without JavaScript the attempt page is one form: "save" stores every
// answer, "submit" stores and grades.
func TestQuizPageWithoutJavaScript(t *testing.T) {
	f := newQuizFixture(t, map[string]any{"shuffle_options": false})
	learner := f.ts.login(t, "demo_learner")
	st, _ := learner.quizRaw("POST", fmt.Sprintf("/quiz/quizzes/%d/start", f.quizID), "application/x-www-form-urlencoded",
		[]byte("_csrf="+learner.csrf))
	if st != 303 {
		t.Fatalf("start: %d", st)
	}
	var v quiz.AttemptView
	learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quizID), nil, &v) // resumes the same attempt
	form := fmt.Sprintf("_csrf=%s&q%d=0&q%d=0&q%d=1&flag%d=1&q%d=0&q%d=KEYBLANK%%E5%%85%%A8%%E5%%9B%%BD%%E4%%BB%%A3%%E8%%A1%%A8%%E5%%A4%%A7%%E4%%BC%%9A&action=save",
		learner.csrf, v.Questions[0].ID, v.Questions[1].ID, v.Questions[1].ID, v.Questions[1].ID, v.Questions[2].ID, v.Questions[3].ID)
	path := fmt.Sprintf("/quiz/attempts/%d", v.ID)
	if st, _ := learner.quizRaw("POST", path, "application/x-www-form-urlencoded", []byte(form)); st != 303 {
		t.Fatalf("save: %d", st)
	}
	var saved quiz.AttemptView
	learner.do("GET", "/api/v1/attempts/"+fmt.Sprint(v.ID), nil, &saved)
	if !saved.Questions[1].Flagged || len(saved.Questions[1].Choices) != 2 || saved.Questions[3].Texts[0] != "KEYBLANK全国代表大会" {
		t.Fatalf("saved from the form: %+v", saved.Questions)
	}
	submit := strings.Replace(form, "action=save", "action=submit", 1)
	if st, _ := learner.quizRaw("POST", path, "application/x-www-form-urlencoded", []byte(submit)); st != 303 {
		t.Fatalf("submit: %d", st)
	}
	st, html := learner.quizRaw("GET", path, "", nil)
	if st != 200 || !strings.Contains(html, `id="result"`) || !strings.Contains(html, `<span id="score">100</span> / 100`) {
		i := strings.Index(html, `id="result"`)
		t.Errorf("result page: %d %s", st, html[max(i, 0):min(len(html), max(i, 0)+400)])
	}
}

// Finding 9: with attempts left, a blank attempt brings back no key, no
// feedback and no explanation in any response; the second and last one
// does, and so does the first one read again.
func TestQuizKeyWaitsForLastAttempt(t *testing.T) {
	f := newQuizFixture(t, map[string]any{"max_attempts": 2})
	learner := f.ts.login(t, "demo_learner")
	start := func() int64 {
		t.Helper()
		var v quiz.AttemptView
		if st := learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quizID), nil, &v); st != 201 {
			t.Fatalf("start: %d", st)
		}
		return v.ID
	}
	first := start()
	_, submitted := learner.quizRaw("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", first), "application/json", nil)
	seen := []string{submitted}
	for _, path := range []string{fmt.Sprintf("/api/v1/attempts/%d", first), fmt.Sprintf("/quiz/attempts/%d", first),
		fmt.Sprintf("/api/v1/quizzes/%d", f.quizID), fmt.Sprintf("/quiz/quizzes/%d", f.quizID)} {
		st, b := learner.quizRaw("GET", path, "", nil)
		if st != 200 {
			t.Errorf("GET %s: %d", path, st)
		}
		seen = append(seen, b)
	}
	for i, s := range seen {
		for _, secret := range []string{"KEY-", "KEYBLANK", "全国代表大会", `"review"`, `"correct"`, `id="review"`} {
			if strings.Contains(s, secret) {
				t.Errorf("response %d, with an attempt left, leaks %q", i, secret)
			}
		}
	}
	second := start()
	if _, last := learner.quizRaw("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", second), "application/json", nil); !strings.Contains(last, "KEY-EXPLANATION") {
		t.Errorf("no key after the last attempt: %s", last)
	}
	if _, again := learner.quizRaw("GET", fmt.Sprintf("/api/v1/attempts/%d", first), "", nil); !strings.Contains(again, "KEY-EXPLANATION") {
		t.Errorf("no key on the first attempt once none is left: %s", again)
	}
}

// navMenu is the page's menu, whose links name other features.
var navMenu = regexp.MustCompile(`(?s)<nav id="nav".*?</nav>`)
