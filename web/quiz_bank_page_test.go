package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"lms/quiz"
)

// The bank page says plainly when a bank is empty (not as question 1) and
// shows a choice question's options beside its answer.
func TestQuizBankPageListsOptions(t *testing.T) {
	ts, _ := quizServer(t)
	trainer := ts.login(t, "demo_trainer")
	var b quiz.Bank
	if st := trainer.do("POST", "/api/v1/banks", map[string]any{"name": "党章题库"}, &b); st != 201 {
		t.Fatalf("bank: %d", st)
	}
	page := fmt.Sprintf("/quiz/banks/%d", b.ID)
	if st, body := trainer.get(page); st != 200 || !strings.Contains(body, `id="questions-empty"`) || strings.Contains(body, `id="questions"`) {
		t.Errorf("empty bank page: %d", st)
	}
	ct, body := multipartFile(t, "q.gift.txt", []byte("党的最高理想是什么？{=实现共产主义 ~实现小康 ~实现现代化}\n"))
	if st, out := trainer.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", b.ID), ct, body); st != 200 {
		t.Fatalf("import: %d %s", st, out)
	}
	st, html := trainer.get(page)
	if st != 200 || !strings.Contains(html, `<ol class="options" type="A">`) || !strings.Contains(html, "<li>实现小康</li>") ||
		!strings.Contains(html, "答案：A") {
		t.Errorf("bank page lists no options: %d", st)
	}
}

// The dry run's preview shows a stem's quotes as quotes, not as the
// entities it is stored with (&#34;三会一课&#34;).
func TestQuizImportPreviewEscapesOnce(t *testing.T) {
	ts, _ := quizServer(t)
	trainer := ts.login(t, "demo_trainer")
	var b quiz.Bank
	if st := trainer.do("POST", "/api/v1/banks", map[string]any{"name": "组织生活题库"}, &b); st != 201 {
		t.Fatalf("bank: %d", st)
	}
	st, body := trainer.upload(fmt.Sprintf("/quiz/banks/%d/import", b.ID), url.Values{"dry_run": {"1"}},
		"q.gift.txt", []byte(`党员应当参加"三会一课"吗？{T}`+"\n"))
	if st != 200 || !strings.Contains(body, `<ol class="preview">`) {
		t.Fatalf("dry run: %d", st)
	}
	if strings.Contains(body, "&amp;#34;") || !strings.Contains(body, "党员应当参加&#34;三会一课&#34;吗？") {
		t.Errorf("the preview escapes the stem twice: %s", body[strings.Index(body, `<ol class="preview">`):][:200])
	}
}
