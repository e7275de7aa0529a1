package web

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A trainer imports a GIFT file and builds a timed quiz from it; a learner
// answers, reloads mid-attempt (answers and remaining time survive),
// submits, and sees the result.
func TestBrowserQuiz(t *testing.T) {
	ts, _ := quizServer(t)
	ctx := newBrowser(t)
	gift := filepath.Join(t.TempDir(), "questions.gift.txt")
	if err := os.WriteFile(gift, []byte(webGIFT), 0o644); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, ts.URL, "demo_trainer")
	do(t, ctx, "create a bank",
		chromedp.Navigate(ts.URL+"/quiz"),
		chromedp.SendKeys(chromedp.CSS(`#new-bank input[name=name]`), "党章题库"),
		chromedp.SetValue(chromedp.CSS(`#new-bank select[name=unit_path]`), "u1"),
		chromedp.Click(chromedp.CSS(`#new-bank button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("import-form")))
	do(t, ctx, "import the GIFT file",
		chromedp.SetUploadFiles(chromedp.CSS(`#import-form input[name=file]`), []string{gift}),
		chromedp.Click(chromedp.CSS(`#import-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("import-report")))
	wantText(t, "import report", text(t, ctx, "#import-report"), "已导入 4 题")
	quizEval(t, ctx, `document.querySelectorAll('#pick-form input[name=qid]').forEach(function (c) { c.checked = true }); true`)
	do(t, ctx, "build a timed quiz",
		chromedp.Click(chromedp.CSS(`#pick-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("quiz-form")),
		chromedp.SendKeys(chromedp.CSS(`#quiz-form input[name=title]`), "党章知识测验"),
		chromedp.SetValue(chromedp.CSS(`#quiz-form input[name=time_limit_min]`), "10"),
		chromedp.SetValue(chromedp.CSS(`#quiz-form input[name=item_points]`), "25"),
		// One attempt: the key shows once it is submitted.
		chromedp.SetValue(chromedp.CSS(`#quiz-form input[name=max_attempts]`), "1"),
		chromedp.SetValue(chromedp.CSS(`#quiz-form select[name=unit_path]`), "u1"),
		chromedp.Click(chromedp.CSS(`#quiz-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("start")))
	quizURL, _ := chromedp.Run(ctx, chromedp.Location())
	signOut(t, ctx)

	browserLogin(t, ctx, ts.URL, "demo_learner")
	do(t, ctx, "start the quiz", chromedp.Navigate(quizURL), chromedp.Click(chromedp.ID("start")),
		chromedp.WaitVisible(chromedp.ID("attempt")))
	quizEval(t, ctx, `[].find.call(document.querySelectorAll('#q-1 label.choice'), function (l) { return l.textContent.indexOf('全心全意') >= 0 }).querySelector('input').click(); true`)
	do(t, ctx, "answer",
		chromedp.Click(chromedp.CSS(`#q-3 input[value="0"]`)),
		chromedp.SendKeys(chromedp.CSS(`#q-4 input[type=text], #q-4 input:not([type])`), "KEYBLANK全国代表大会"),
		chromedp.Click(chromedp.CSS(`#q-2 .flag input`)))
	waitSaved(t, ctx, 3)
	before := remaining(t, ctx)
	do(t, ctx, "reload mid-attempt", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("attempt")))
	after := remaining(t, ctx)
	if after > before || after < 500 || after > 600 {
		t.Errorf("remaining time before reload %d s, after %d s", before, after)
	}
	kept := quizEval(t, ctx, `[document.querySelector('#q-3 input[value="0"]').checked,
		document.querySelector('#q-4 input[name^=q]').value,
		document.querySelector('#q-2 .flag input').checked,
		document.querySelectorAll('#navigator a.answered').length,
		document.querySelectorAll('#navigator a.flagged').length].join('|')`)
	if kept != "true|KEYBLANK全国代表大会|true|3|1" {
		t.Errorf("after reload: %v", kept)
	}
	wantText(t, "timer", text(t, ctx, "#timer"), ":")
	quizEval(t, ctx, `window.confirm = function () { return true }; true`)
	do(t, ctx, "submit", chromedp.Click(chromedp.ID("submit-attempt")), chromedp.WaitVisible(chromedp.ID("result")))
	wantText(t, "result", text(t, ctx, "#result"), "75 / 100", "75%", "通过")
	wantText(t, "review", text(t, ctx, "#review"), "KEY-EXPLANATION")
}

func quizEval(t *testing.T, ctx context.Context, js string) any {
	t.Helper()
	v, err := settled(ctx, chromedp.Evaluate[any](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitSaved waits until n questions show as answered and the autosave
// state says saved.
func waitSaved(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	js := `document.querySelectorAll('#navigator a.answered').length >= ` + strconv.Itoa(n) +
		` && document.getElementById('save-state').className.indexOf('ok') >= 0 && document.querySelectorAll('#navigator a.flagged').length == 1`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("autosave: %v (state %q)", err, text(t, ctx, "#save-state"))
	}
	time.Sleep(300 * time.Millisecond) // the flag change may still be in flight
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('save-state').className.indexOf('ok') >= 0`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
}

// remaining reads the seconds left that the server rendered into the page.
func remaining(t *testing.T, ctx context.Context) int {
	t.Helper()
	v := quizEval(t, ctx, `document.getElementById('attempt').getAttribute('data-remaining')`)
	n, err := strconv.Atoi(strings.TrimSpace(v.(string)))
	if err != nil {
		t.Fatalf("data-remaining %v", v)
	}
	return n
}
