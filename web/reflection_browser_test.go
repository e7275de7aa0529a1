package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
	"lms/reflection"
)

// On a phone: a learner writes a reflection that copies half of a
// classmate's with light edits; the trainer sees it flagged with the
// copied passages marked and returns it; the learner reads the comment,
// rewrites it and resubmits; the trainer approves it, and the course,
// whose article was read long before, completes and credits its 学时.
func TestBrowserCopiedReflectionReturnedRewrittenApproved(t *testing.T) {
	t.Parallel()
	ts := newReflectionServer(t)
	courseID, lessonID := ts.reflectionCourse(t, 300)
	orig := reflectionText(t, "honest_a.txt")
	if st := ts.login(t, "hb1_01").do("POST", reflectionPath(courseID)+"/submit", map[string]any{"body": orig}, nil); st != 200 {
		t.Fatalf("classmate's reflection: %d", st)
	}
	ts.readLesson(t, "demo_learner", lessonID)
	learner := testenv.Browser(t, 90*time.Second, 390)
	trainer := testenv.Browser(t, 90*time.Second, 390)
	browserLogin(t, learner, ts.URL, "demo_learner")
	browserLogin(t, trainer, ts.URL, "demo_trainer")

	do(t, learner, "open 心得体会", chromedp.Navigate(ts.URL+"/reflection"), chromedp.WaitVisible(chromedp.ID("my-reflections")))
	wantText(t, "owed", text(t, learner, "#my-reflections"), "新时代党员教育管理专题", "未开始", "至少 300 字")
	do(t, learner, "open the course's reflection", chromedp.Click(chromedp.CSS("#my-reflections a")), chromedp.WaitVisible(chromedp.ID("refl-form")))
	copied := strings.Join(reflectionCopyHalf(orig), "") + "\n\n" + reflectionText(t, "own_c.txt")
	writeReflection(t, learner, copied)
	ts.wantSaved(t, "demo_learner", courseID, copied)
	reflectionNoOverflow(t, learner, "write page")
	submitReflection(t, learner)

	do(t, trainer, "open the queue", chromedp.Navigate(ts.URL+"/reflection"), chromedp.WaitVisible(chromedp.ID("waiting")))
	wantText(t, "queue", text(t, trainer, "#waiting"), "张学员", "疑似雷同")
	do(t, trainer, "open the flagged one", chromedp.Click(chromedp.CSS("#waiting a")), chromedp.WaitVisible(chromedp.ID("copy-check")))
	wantText(t, "the copier's", text(t, trainer, "h1"), "张学员")
	wantText(t, "copy check", text(t, trainer, "#copy-check"), "疑似雷同", "同课程的另一篇心得")
	marks := js[int](t, trainer, `document.querySelectorAll('#copy-check mark').length`)
	markedText := js[string](t, trainer, `[].map.call(document.querySelectorAll('#copy-check mark'), function (m) { return m.textContent }).join('')`)
	if marks < 5 || reflection.Coverage(markedText, orig) < 0.9 || strings.Contains(markedText, "仓储班组") {
		t.Errorf("%d marked passages, not the copied sentences: %q", marks, markedText)
	}
	reflectionNoOverflow(t, trainer, "review page")
	do(t, trainer, "return it", chromedp.SendKeys(chromedp.ID("review-comment"), "请独立完成，结合自己的岗位重写。"),
		chromedp.Click(chromedp.ID("return")), chromedp.WaitVisible(chromedp.CSS("p.success")))
	wantText(t, "returned", text(t, trainer, "#state"), "退回修改")

	do(t, learner, "reload", chromedp.Navigate(fmt.Sprintf("%s/reflection/courses/%d", ts.URL, courseID)), chromedp.WaitVisible(chromedp.ID("comment")))
	wantText(t, "comment", text(t, learner, "#comment"), "请独立完成")
	rewritten := reflectionText(t, "honest_b.txt")
	writeReflection(t, learner, rewritten)
	ts.wantSaved(t, "demo_learner", courseID, rewritten)
	submitReflection(t, learner)

	do(t, trainer, "open the queue again", chromedp.Navigate(ts.URL+"/reflection"), chromedp.WaitVisible(chromedp.ID("waiting")))
	quizEval(t, trainer, `[].find.call(document.querySelectorAll('#waiting a'), function (a) { return a.textContent.indexOf('张学员') >= 0 }).click(); true`)
	do(t, trainer, "open it again", chromedp.WaitVisible(chromedp.ID("review-form")))
	wantText(t, "the learner's", text(t, trainer, "h1"), "张学员")
	if n := js[int](t, trainer, `document.querySelectorAll('.refl-flag.flagged').length`); n != 0 {
		t.Error("the rewritten reflection is still flagged")
	}
	do(t, trainer, "approve it", chromedp.SetValue(chromedp.ID("review-grade"), "良好"),
		chromedp.Click(chromedp.ID("approve")), chromedp.WaitVisible(chromedp.CSS("p.success")))
	wantText(t, "approved", text(t, trainer, "#state"), "已通过")

	do(t, learner, "the course", chromedp.Navigate(fmt.Sprintf("%s/courses/%d", ts.URL, courseID)), chromedp.WaitVisible(chromedp.ID("enrollment")))
	wantText(t, "course completed", text(t, learner, "#enrollment"), "已完成")
	if st, hours := ts.enrollmentState(t, "demo_learner", courseID); st != "completed" || hours != 1.5 {
		t.Errorf("after approval: %s, %v 学时", st, hours)
	}
}

// reflectionCopyHalf is what a copier does: every other sentence, two characters
// changed in each, in reverse order.
func reflectionCopyHalf(src string) []string {
	var sents []string
	cur := []rune{}
	for _, r := range strings.ReplaceAll(src, "\n", "") {
		cur = append(cur, r)
		if r == '。' {
			sents = append(sents, string(cur))
			cur = []rune{}
		}
	}
	var out []string
	for i := 0; i < len(sents); i += 2 {
		r := []rune(sents[i])
		r[len(r)/3], r[2*len(r)/3] = '另', '些'
		out = append([]string{string(r)}, out...)
	}
	return out
}

// writeReflection replaces the text as typing would (an input event) and
// waits for the autosave's acknowledgement.
func writeReflection(t *testing.T, b context.Context, body string) {
	t.Helper()
	enc, _ := json.Marshal(body)
	quizEval(t, b, `(function () { var el = document.getElementById('refl-body'); el.value = `+string(enc)+
		`; el.dispatchEvent(new Event('input', { bubbles: true })); return true })()`)
	until(t, b, "autosaved", `document.getElementById('save-state').className.indexOf('ok') >= 0`, 15*time.Second)
}

func submitReflection(t *testing.T, b context.Context) {
	t.Helper()
	quizEval(t, b, `window.confirm = function () { return true }; true`)
	do(t, b, "submit", chromedp.Click(chromedp.ID("submit")), chromedp.WaitVisible(chromedp.ID("refl-text")))
	wantText(t, "submitted", text(t, b, "#state"), "待审阅")
}

// wantSaved checks that what the page says is saved is in PostgreSQL.
func (ts *reflectionServer) wantSaved(t *testing.T, username string, courseID int64, body string) {
	t.Helper()
	w, err := ts.Reflection.Mine(context.Background(), ts.courseActor(t, username), courseID)
	if err != nil || w.Reflection == nil || w.Reflection.Body != strings.TrimSpace(body) {
		t.Fatalf("autosaved text not in the database: %v", err)
	}
}

func reflectionNoOverflow(t *testing.T, b context.Context, what string) {
	t.Helper()
	if js[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Errorf("%s is wider than the phone", what)
	}
}
