package web

import (
	"fmt"
	"strings"
	"testing"

	"net/url"

	"golang.org/x/text/encoding/charmap"

	"lms/quiz"
)

const restGIFT = "配对：会议与年份{=中共一大 -> 1921 =遵义会议 -> 1935 = -> 1949}\n\n" +
	"只有一组 {=中共一大 -> 1921}\n\n" +
	"党员应当按期交纳党费。{T}\n\n" +
	"未知题型 {xyz}\n"

func bankTotal(t *testing.T, c *client, bankID int64) int {
	t.Helper()
	var page quiz.QuestionPage
	if st := c.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", bankID), nil, &page); st != 200 {
		t.Fatalf("questions: %d", st)
	}
	return page.Total
}

// 导入其余题目 through the API: the default refuses the whole file; with
// skip_bad=1 the good questions are written and the report is kept on the
// import's record. Another subtree's committee and a learner can neither
// import so nor read the record.
func TestQuizImportRestAPI(t *testing.T) {
	f := newQuizFixture(t, nil)
	path := fmt.Sprintf("/api/v1/banks/%d/import", f.bankID)
	before := bankTotal(t, f.trainer, f.bankID)
	st, out := f.trainer.quizRaw("POST", path, "text/plain", []byte(restGIFT))
	if st != 422 || bankTotal(t, f.trainer, f.bankID) != before {
		t.Fatalf("default import: %d %s", st, out)
	}
	for _, name := range []string{"demo_committee", "demo_learner"} {
		other := f.ts.login(t, name)
		if st, out := other.quizRaw("POST", path+"?skip_bad=1", "text/plain", []byte(restGIFT)); st != 404 && st != 403 {
			t.Errorf("%s imports the rest: %d %s", name, st, out)
		}
		if st, out := other.quizRaw("GET", path+"s", "", nil); st != 404 && st != 403 {
			t.Errorf("%s reads the import history: %d %s", name, st, out)
		}
	}
	ct, body := multipartFile(t, "moodle.gift", []byte(restGIFT))
	if st, out := f.trainer.quizRaw("POST", path+"?skip_bad=1", ct, body); st != 200 || !strings.Contains(out, `"skipped":2`) {
		t.Fatalf("import the rest: %d %s", st, out)
	}
	if got := bankTotal(t, f.trainer, f.bankID); got != before+2 {
		t.Errorf("%d questions after importing the rest, want %d", got, before+2)
	}
	var hist struct{ Imports []quiz.ImportRecord }
	if st := f.trainer.do("GET", path+"s", nil, &hist); st != 200 || len(hist.Imports) < 2 {
		t.Fatalf("history: %d %+v", st, hist)
	}
	last := hist.Imports[0]
	if last.FileName != "moodle.gift" || last.Imported != 2 || last.Skipped != 2 || len(last.Problems) != 2 ||
		last.Problems[0].Line != 3 || last.Problems[1].Line != 7 {
		t.Errorf("record %+v", last)
	}
}

// Bad input is a clear Chinese error and writes nothing: a matching
// question with one pair, a GIFT file with an unknown type, a malformed
// Excel matching row, a Western file read as GB18030.
func TestQuizImportBadInput(t *testing.T) {
	f := newQuizFixture(t, nil)
	path := fmt.Sprintf("/api/v1/banks/%d/import", f.bankID)
	before := bankTotal(t, f.trainer, f.bankID)
	latin, _ := charmap.Windows1252.NewEncoder().String("Grüße aus München: schön? {=Königstraße ~Straße}")
	xl, err := quizXLSX([][]string{{"配对题", "会议与年份", "中共一大 -> 1921", "遵义会议 1935"}})
	if err != nil {
		t.Fatal(err)
	}
	xct, xbody := multipartFile(t, "q.xlsx", xl)
	cases := []struct {
		name, ct, query string
		body            []byte
		status          int
		want            string
	}{
		{"one pair", "text/plain", "?format=gift", []byte("配对 {=中共一大 -> 1921}"), 422, "配对题须至少有 2 组配对"},
		{"unknown type", "text/plain", "?format=gift", []byte("题目 {xyz}"), 422, "无法识别的答案格式"},
		{"excel row", xct, "", xbody, 422, "配对题的选项B须写作"},
		{"western encoding", "text/plain", "?format=gift", []byte(latin), 400, "另存为 UTF-8"},
	}
	for _, c := range cases {
		st, out := f.trainer.quizRaw("POST", path+c.query, c.ct, c.body)
		if st != c.status || !strings.Contains(out, c.want) {
			t.Errorf("%s: %d %s", c.name, st, out)
		}
	}
	if got := bankTotal(t, f.trainer, f.bankID); got != before {
		t.Errorf("bad input wrote: %d questions, had %d", got, before)
	}
}

// The question editor writes a matching question in the template's
// columns, shows it again for editing as it was typed, and refuses one
// pair with the form kept.
func TestQuizMatchEditor(t *testing.T) {
	f := newQuizFixture(t, nil)
	before := bankTotal(t, f.trainer, f.bankID)
	form := url.Values{"type": {"配对题"}, "stem": {"会议与年份"}, "optA": {"中共一大 -> 1921"},
		"optB": {"遵义会议 → 1935"}, "optC": {"-> 1949"}, "difficulty": {"2"}}
	path := fmt.Sprintf("/quiz/banks/%d/questions", f.bankID)
	if st, body, _ := f.trainer.post(path, form); st != 303 && st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	var page quiz.QuestionPage
	f.trainer.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", f.bankID), nil, &page)
	var m *quiz.Question
	for i := range page.Questions {
		if page.Questions[i].Type == quiz.Match {
			m = &page.Questions[i]
		}
	}
	if m == nil || page.Total != before+1 || len(m.Body.Pairs) != 3 || m.Body.Pairs[1].Answer != "1935" || m.Body.Pairs[2].Prompt != "" {
		t.Fatalf("stored %+v", m)
	}
	st, body := f.trainer.get(fmt.Sprintf("/quiz/questions/%d/edit", m.ID))
	if st != 200 || !strings.Contains(body, `value="中共一大 -&gt; 1921"`) || strings.Contains(body, `id="lossy"`) {
		t.Errorf("edit page: %d lossy or without the pair", st)
	}
	form.Del("optB")
	form.Del("optC")
	st, body, _ = f.trainer.post(path, form)
	if st != 400 || !strings.Contains(body, "配对题须至少有 2 组配对") || !strings.Contains(body, "中共一大 -&gt; 1921") {
		t.Errorf("one pair: %d", st)
	}
	if got := bankTotal(t, f.trainer, f.bankID); got != before+1 {
		t.Errorf("one pair wrote: %d", got)
	}
}
