package web

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"lms/training"
)

const planPDF = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"

// A class's plan files: its managers add and remove them; people who may
// see the class open them (a PDF in the page, under a policy that runs
// nothing); a page disguised as a PDF, an empty file, an eleventh file, a
// learner uploading and someone of another subtree reading are refused.
func TestClassPlanFiles(t *testing.T) {
	t.Parallel()
	w := newTrainingWorld(t)
	add := func(c *client, name, data string) (int, string) {
		ct, body := multipartFile(t, name, []byte(data))
		return c.quizRaw("POST", w.path("/plan-files"), ct, body)
	}
	st, out := add(w.committee, "培训方案.pdf", planPDF)
	if st != 201 {
		t.Fatalf("upload: %d %s", st, out)
	}
	var f training.PlanFile
	trMust(t, json.Unmarshal([]byte(out), &f))
	page := fmt.Sprintf("/training/classes/%d/plan-files/%d", w.classID, f.ID)

	learner := w.fs.login(t, "demo_learner") // of 华北: the class takes applications
	st, body, h := learner.raw("GET", page, "", nil)
	if st != 200 || string(body) != planPDF || h.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("a learner of the subtree opens the plan: %d %q %v", st, body, h)
	}
	if st, out := add(learner, "我的.pdf", planPDF); st != 403 {
		t.Errorf("a learner adds a plan file: %d %s", st, out)
	}
	outsider := w.fs.login(t, "hnyx_01") // of 华南
	if st, _, _ := outsider.raw("GET", page, "", nil); st != 404 {
		t.Errorf("someone of another subtree opens the plan: %d", st)
	}
	for name, data := range map[string]string{"伪装.pdf": "<html><script>alert(1)</script></html>", "空.pdf": ""} {
		if st, out := add(w.committee, name, data); st != 400 {
			t.Errorf("%s: %d %s", name, st, out)
		}
	}
	for i := 1; i < training.MaxPlanFiles; i++ {
		if st, out := add(w.committee, fmt.Sprintf("附件%d.pdf", i), planPDF); st != 201 {
			t.Fatalf("file %d: %d %s", i, st, out)
		}
	}
	if st, out := add(w.committee, "多余.pdf", planPDF); st != 400 || !strings.Contains(out, "最多") {
		t.Errorf("an eleventh file: %d %s", st, out)
	}
	if st := w.committee.do("DELETE", w.path(fmt.Sprintf("/plan-files/%d", f.ID)), nil, nil); st != 204 {
		t.Errorf("delete: %d", st)
	}
	if st, _, _ := learner.raw("GET", page, "", nil); st != 404 {
		t.Errorf("a deleted file still opens: %d", st)
	}
	st, html := learner.get(fmt.Sprintf("/training/classes/%d", w.classID))
	wantPage(t, st, 200, html, `id="plan-files"`, "附件1.pdf")
}

// The class forms name courses and the 结业 exam, never their numbers.
func TestClassFormsPickByName(t *testing.T) {
	t.Parallel()
	fs := newFullServer(t)
	_, _, quizID := fs.courseWithFinalQuiz(t)
	st, body := fs.login(t, "demo_committee").get("/training")
	wantPage(t, st, 200, body, `<select name="quiz_id">`, fmt.Sprintf(`<option value="%d">党章学习专题 · 结业测验</option>`, quizID))
	w := newTrainingWorld(t)
	st, body = w.committee.get(fmt.Sprintf("/training/classes/%d", w.classID))
	wantPage(t, st, 200, body, `<select name="course_id" required>`, "党章学习")
}
