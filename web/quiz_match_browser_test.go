package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

const matchGIFT = "::配对::请将会议与召开的年份配对。{=中共一大 -> 1921 =遵义会议 -> 1935 =七届二中全会 -> 1949 = -> 1927}\n\n" +
	"只有一组的配对 {=中共一大 -> 1921}\n\n" +
	"党员应当按期交纳党费。{T}\n"

// Done when: a matching question is imported from GIFT (the file's bad
// question skipped with 导入其余题目, its line kept in the import history),
// answered at a phone's width with one <select> per prompt, kept across a
// reload, and graded with partial credit: two pairs of three right.
func TestBrowserMatchImportAndPartialCredit(t *testing.T) {
	t.Parallel()
	ts, _ := quizServer(t)
	ctx := testenv.Browser(t, 60*time.Second, 1200)
	gift := filepath.Join(t.TempDir(), "match.gift.txt")
	if err := os.WriteFile(gift, []byte(matchGIFT), 0o644); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, ts.URL, "demo_trainer")
	do(t, ctx, "create a bank",
		chromedp.Navigate(ts.URL+"/quiz"),
		chromedp.SendKeys(chromedp.CSS(`#new-bank input[name=name]`), "党史题库"),
		chromedp.SetValue(chromedp.CSS(`#new-bank select[name=unit_path]`), "u1"),
		chromedp.Click(chromedp.CSS(`#new-bank button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("import-form")))
	do(t, ctx, "upload the GIFT file",
		chromedp.SetUploadFiles(chromedp.CSS(`#import-form input[name=file]`), []string{gift}),
		chromedp.Click(chromedp.CSS(`#import-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("import-rest")))
	wantText(t, "report", text(t, ctx, "#import-report"), "整个文件未导入", "配对题须至少有 2 组配对", "跳过上表中有问题的 1 题，导入其余 2 题")
	do(t, ctx, "import the rest", chromedp.Click(chromedp.ID("import-rest")), chromedp.WaitVisible(chromedp.ID("import-history")))
	wantText(t, "after the rest", text(t, ctx, "#import-report"), "已导入 2 题，跳过 1 题")
	wantText(t, "history", text(t, ctx, "#import-history .import-record"), "match.gift.txt", "读到 3 题，导入 2 题，跳过 1 题", "行号 3", "2 组")
	quizEval(t, ctx, `document.querySelectorAll('#pick-form input[name=qid]').forEach(function (c) { c.checked = true }); true`)
	do(t, ctx, "build a quiz with partial credit",
		chromedp.Click(chromedp.CSS(`#pick-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("quiz-form")),
		chromedp.SendKeys(chromedp.CSS(`#quiz-form input[name=title]`), "党史配对测验"),
		chromedp.SetValue(chromedp.CSS(`#quiz-form input[name=item_points]`), "3"),
		chromedp.SetValue(chromedp.CSS(`#quiz-form input[name=max_attempts]`), "1"),
		chromedp.SetValue(chromedp.CSS(`#quiz-form select[name=unit_path]`), "u1"))
	quizEval(t, ctx, `document.querySelector('#quiz-form input[name=partial_credit]').checked = true; true`)
	do(t, ctx, "save the quiz", chromedp.Click(chromedp.CSS(`#quiz-form button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("start")))
	quizURL, _ := chromedp.Run(ctx, chromedp.Location())

	ctx = testenv.Browser(t, 60*time.Second, 390) // the learner's phone
	browserLogin(t, ctx, ts.URL, "demo_learner")
	do(t, ctx, "start the quiz", chromedp.Navigate(quizURL), chromedp.Click(chromedp.ID("start")),
		chromedp.WaitVisible(chromedp.CSS(`fieldset[data-type=match] select`)))
	if n := quizEval(t, ctx, `document.querySelectorAll('fieldset[data-type=match] select').length`); n != float64(3) {
		t.Fatalf("%v selects, want one per prompt", n)
	}
	// The learner picks by tapping each select; two right, one wrong.
	pick := map[string]string{"中共一大": "1921", "遵义会议": "1935", "七届二中全会": "1927"}
	for prompt, answer := range pick {
		quizEval(t, ctx, `(function () {
			var row = [].find.call(document.querySelectorAll('fieldset[data-type=match] .match-row'),
				function (r) { return r.querySelector('.match-prompt').textContent.trim() === '`+prompt+`' });
			var sel = row.querySelector('select');
			sel.value = [].find.call(sel.options, function (o) { return o.textContent === '`+answer+`' }).value;
			sel.dispatchEvent(new Event('change', {bubbles: true}));
			return true })()`)
	}
	quizEval(t, ctx, `document.querySelector('fieldset[data-type=truefalse] input[value="0"]').click(); true`)
	until(t, ctx, "answers saved", `document.querySelectorAll('#navigator a.answered').length == 2 && document.getElementById('save-state').className.indexOf('ok') >= 0`, 10*time.Second)
	// The matching question is no wider than a true/false one beside it:
	// its selects stack and wrap. (The page header itself overflows 390 px
	// at present, which widens every question; that is the layout's.)
	if w := quizEval(t, ctx, `(function () {
		var m = document.querySelector('fieldset[data-type=match]'), tf = document.querySelector('fieldset[data-type=truefalse]');
		return m.scrollWidth - tf.getBoundingClientRect().width })()`); w.(float64) > 1 {
		t.Errorf("the matching question is %v px wider than the true/false one", w)
	}
	do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`fieldset[data-type=match] select`)))
	kept := quizEval(t, ctx, `[].map.call(document.querySelectorAll('fieldset[data-type=match] .match-row'), function (r) {
		var s = r.querySelector('select'); return r.querySelector('.match-prompt').textContent.trim() + '=' + s.options[s.selectedIndex].textContent }).sort().join('|')`)
	if kept != "七届二中全会=1927|中共一大=1921|遵义会议=1935" {
		t.Errorf("after reload: %v", kept)
	}
	quizEval(t, ctx, `window.confirm = function () { return true }; true`)
	do(t, ctx, "submit", chromedp.Click(chromedp.ID("submit-attempt")), chromedp.WaitVisible(chromedp.ID("result")))
	wantText(t, "result", text(t, ctx, "#result"), "5 / 6")
	review := text(t, ctx, "#review")
	wantText(t, "review", review, "中共一大 → 1921", "七届二中全会 → 1927", "正确答案：1949", "得 2 分")
	if strings.Contains(review, "遵义会议 → 1935 正确答案") {
		t.Errorf("a right pair shown as wrong: %s", review)
	}
}
