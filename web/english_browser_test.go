package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

// In English the pages of the learner, the trainer and the committee use
// English punctuation around English words, the search box's hint fits,
// and a true/false question offers True and False.
func TestBrowserEnglishPages(t *testing.T) {
	t.Parallel()
	ts, _ := quizCourseServer(t)
	courseID, _, _ := ts.courseWithFinalQuiz(t)
	tfQuiz := ts.finalQuizOf(t, courseID, `::党费::党员应当按期交纳党费。{T}`)
	for _, user := range []string{"demo_learner", "demo_trainer", "demo_committee"} {
		for _, width := range []int{1366, 390} {
			t.Run(fmt.Sprint(user, width), func(t *testing.T) {
				b := testenv.Browser(t, 120*time.Second, width)
				browserLogin(t, b, ts.URL, user)
				do(t, b, "English", chromedp.Navigate(ts.URL+"/lang/en"), chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)))
				for _, path := range englishPages(t, b, ts.URL) {
					do(t, b, "open "+path, chromedp.Navigate(ts.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
					if bad := js[[]string](t, b, fullWidthNextToLatin); len(bad) > 0 {
						t.Errorf("%s: full-width punctuation beside English words: %q", path, bad)
					}
					if cut := js[string](t, b, placeholderCut); cut != "" {
						t.Errorf("%s: the search hint is cut off: %s", path, cut)
					}
				}
			})
		}
	}
	b := testenv.Browser(t, 60*time.Second, 390)
	browserLogin(t, b, ts.URL, "demo_learner")
	do(t, b, "English", chromedp.Navigate(ts.URL+"/lang/en"), chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)))
	do(t, b, "start the true/false quiz", chromedp.Navigate(fmt.Sprintf("%s/quiz/quizzes/%d", ts.URL, tfQuiz)),
		chromedp.Click(chromedp.CSS(`form[action$="/start"] button`)), chromedp.WaitVisible(chromedp.CSS(".choice")))
	got := text(t, b, "main")
	wantText(t, "true/false in English", got, "True", "False", "True/false")
	if strings.Contains(got, "正确") || strings.Contains(got, "错误") {
		t.Errorf("the English attempt page still says 正确/错误: %s", got)
	}
}

// englishPages are the pages the menu links to, without sign-out and the
// language switch.
func englishPages(t *testing.T, b context.Context, base string) []string {
	t.Helper()
	do(t, b, "home", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS("main")))
	return js[[]string](t, b, `[...new Set([...document.querySelectorAll('#nav a[href^="/"]')].map(a => a.getAttribute("href"))
		.filter(h => !h.startsWith("/lang/") && h != "/logout"))]`)
}

// fullWidthNextToLatin lists each place where a full-width colon, bracket,
// semicolon or comma touches a Latin letter, with a little context.
const fullWidthNextToLatin = `(() => { const s = document.body.innerText, out = [];
	for (const m of s.matchAll(/[A-Za-z][（）：；，。]|[（：；，][A-Za-z]/g)) out.push(s.slice(Math.max(0, m.index - 12), m.index + 12));
	return out.slice(0, 5) })()`

// placeholderCut names the search box's hint when it is wider than the box.
const placeholderCut = `(() => { const i = document.querySelector('.search-box input[name="q"]');
	if (!i || !i.getClientRects().length) return "";
	const cs = getComputedStyle(i), c = document.createElement("canvas").getContext("2d");
	c.font = cs.font;
	const need = c.measureText(i.placeholder).width, room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
	return need > room + 1 ? i.placeholder + " " + Math.round(need) + " px in " + Math.round(room) : "" })()`
