package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

// editorJS are the page helpers of the editor tests: they select text in
// the editor as a mouse would, and paste as the clipboard does.
const editorJS = `window.__ed = {
  root: (form) => document.querySelector(form + " .ql-editor"),
  select(form, words) {
    const root = this.root(form), w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n; (n = w.nextNode());) {
      const i = n.data.indexOf(words);
      if (i < 0) continue;
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + words.length);
      root.focus(); getSelection().removeAllRanges(); getSelection().addRange(r);
      return true;
    }
    return false;
  },
  end(form) {
    const root = this.root(form), r = document.createRange();
    root.focus(); r.selectNodeContents(root); r.collapse(false);
    getSelection().removeAllRanges(); getSelection().addRange(r);
    return true;
  },
  paste(form, html) {
    const dt = new DataTransfer(); dt.setData("text/html", html); dt.setData("text/plain", "粘贴");
    this.root(form).dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
    return true;
  }
}; true`

// edJS runs one of editorJS's helpers and fails unless it returned true.
func edJS(t *testing.T, b context.Context, expr string) {
	t.Helper()
	if !js[bool](t, b, expr) {
		t.Fatalf("%s: false", expr)
	}
}

// typeKeys types into whatever has the focus (the editor keeps its caret,
// where SendKeys would focus the node again). "\r" is Enter, sent as a
// browser sends it: chromedp's separate char event for it would make a
// second paragraph, where a real keypress is cancelled with its keydown.
func typeKeys(s string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for i, part := range strings.Split(s, "\r") {
			if i > 0 {
				for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
					p := input.DispatchKeyEventParams{Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
					if typ == input.DispatchKeyEventTypeKeyDown {
						p.Text, p.UnmodifiedText = "\r", "\r"
					}
					if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
						return chromedp.Void{}, err
					}
				}
			}
			if part != "" {
				if _, err := chromedp.KeyEvent(part)(ctx, t); err != nil {
					return chromedp.Void{}, err
				}
			}
		}
		return chromedp.Void{}, nil
	}
}

// settle lets the editor's selection follow the page's (selectionchange is
// dispatched asynchronously).
func settle() chromedp.Action[chromedp.Void] { return chromedp.Sleep(150 * time.Millisecond) }

// smallEditorTargets lists the editor's visible buttons and links under 44 × 44 px
// (its toolbar and link tooltip; not the links in the text).
const smallEditorTargets = `[...document.querySelectorAll(".richtext button, .richtext a, .richtext input")]
  .filter(e => !e.closest(".ql-editor") && e.getClientRects().length && getComputedStyle(e).visibility != "hidden")
  .map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.height < 44 || r.width < 44)
  .map(([e, r]) => (e.getAttribute("aria-label") || e.className) + " " + Math.round(r.width) + "×" + Math.round(r.height))`

// Done when: a trainer writes an article lesson in the editor — a heading,
// bold words, a list and a link, without typing a tag — saves it, and the
// learner's lesson page shows them; what is pasted with a script or an
// event handler is stored without either; the editor breaks no rule of the
// page's Content-Security-Policy and fits a phone (390 px).
func TestBrowserArticleEditor(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	trainer := ts.courseActor(t, "demo_trainer")
	for _, width := range []int{1366, 390} {
		crs := ts.seedCourse(t, fmt.Sprintf("党章学习 %d", width), true)
		ts.setReadingTime(t, crs.Article, 120) // whole minutes: the form's step is half a minute
		b := testenv.Browser(t, 2*time.Minute, width)
		if width < 500 {
			do(t, b, "phone", chromedp.EmulateViewport(int64(width), 844, chromedp.EmulateMobile))
		}
		do(t, b, "watch the policy", watchCSP())
		browserLogin(t, b, ts.URL, "demo_trainer")
		do(t, b, "open the lesson", chromedp.Navigate(fmt.Sprintf("%s/teach/lessons/%d", ts.URL, crs.Article)),
			chromedp.WaitVisible(chromedp.CSS(".richtext .ql-editor")))
		edJS(t, b, editorJS)
		wantText(t, "the editor starts from the stored article", text(t, b, ".ql-editor"), "学习正文")
		if js[bool](t, b, `document.querySelector("textarea[name=article]").getClientRects().length > 0`) {
			t.Error("the textarea is still shown beside the editor")
		}
		if got := js[string](t, b, `document.querySelector(".ql-toolbar button.ql-bold").getAttribute("aria-label") + "|" +
			document.querySelector(".ql-toolbar button.ql-header").title`); got != "加粗|小标题" {
			t.Errorf("toolbar labels: %s", got)
		}

		// Replace the text: a heading, a sentence with bold words, a list, a link.
		edJS(t, b, `getSelection().selectAllChildren(__ed.root("main form.form")), true`)
		do(t, b, "write", settle(), typeKeys("\b"),
			chromedp.Click(chromedp.CSS(`.ql-toolbar button.ql-header[value="2"]`)), typeKeys("学习要点\r请认真学习党章全文。\r"))
		edJS(t, b, `__ed.select("main form.form", "认真学习")`)
		do(t, b, "bold", settle(), chromedp.Click(chromedp.CSS(`.ql-toolbar button.ql-bold`)))
		edJS(t, b, `__ed.end("main form.form")`)
		do(t, b, "list", settle(), chromedp.Click(chromedp.CSS(`.ql-toolbar button.ql-list[value="bullet"]`)),
			typeKeys("第一条\r第二条\r\r参考网站"))
		edJS(t, b, `__ed.select("main form.form", "参考网站")`)
		do(t, b, "link", settle(), chromedp.Click(chromedp.CSS(`.ql-toolbar button.ql-link`)),
			chromedp.WaitVisible(chromedp.CSS(`.ql-tooltip.ql-editing input[type=text]`)))
		wantText(t, "the link tooltip", js[string](t, b, `getComputedStyle(document.querySelector(".ql-tooltip"), "::before").content`), "链接地址")
		if small := js[[]string](t, b, smallEditorTargets); len(small) > 0 {
			t.Errorf("%d px: tap targets under 44 px with the link tooltip open: %v", width, small)
		}
		do(t, b, "the address", typeKeys("https://www.12371.cn/\r"),
			chromedp.WaitNotVisible(chromedp.CSS(`.ql-tooltip.ql-editing`)))

		// A paste from a web page brings a script and an event handler: the
		// policy blocks the handler as the editor reads the pasted HTML (that
		// is reported), and neither reaches the text.
		noProblems(t, b, fmt.Sprintf("%d px: the trainer's editor", width))
		edJS(t, b, `__ed.end("main form.form")`)
		do(t, b, "caret at the end", settle())
		edJS(t, b, `__ed.paste("main form.form", '<p>粘贴的段落<img src="/x.png" onerror="window.__pwned = 1"></p><script>window.__pwned = 2</script>')`)
		do(t, b, "paste", settle())
		for _, p := range js[[]string](t, b, `window.__problems.splice(0)`) {
			if p != "CSP script-src-attr blocked inline" {
				t.Errorf("%d px: pasting: %s", width, p)
			}
		}
		area := js[string](t, b, `document.querySelector("textarea[name=article]").value`)
		wantText(t, "the textarea", area, "<h2>学习要点</h2>", "<strong>认真学习</strong>", "<li>第一条</li>", `href="https://www.12371.cn/"`, "粘贴的段落")
		if small := js[[]string](t, b, smallEditorTargets); len(small) > 0 {
			t.Errorf("%d px: tap targets under 44 px: %v", width, small)
		}
		if w := js[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("%d px: the editor's page scrolls sideways: %d px", width, w[0])
		}
		noProblems(t, b, fmt.Sprintf("%d px: the trainer's editor after the paste", width))
		js[bool](t, b, `window.__before = true`)
		do(t, b, "save", chromedp.Click(chromedp.ID("save-lesson")))
		waitNewPage(t, b, "/teach/lessons")
		do(t, b, "saved", chromedp.WaitVisible(chromedp.CSS(".ql-editor")))
		noProblems(t, b, fmt.Sprintf("%d px: the trainer's lesson page", width))
		if js[bool](t, b, `window.__pwned !== undefined`) {
			t.Error("the pasted script ran")
		}

		l, _, err := ts.Course.Lesson(context.Background(), trainer, crs.Article)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"<script", "onerror", "__pwned", "<img"} {
			if strings.Contains(l.ArticleHTML, bad) {
				t.Errorf("the stored article carries %q: %s", bad, l.ArticleHTML)
			}
		}

		learner := testenv.Browser(t, time.Minute, width)
		if width < 500 {
			do(t, learner, "phone", chromedp.EmulateViewport(int64(width), 844, chromedp.EmulateMobile))
		}
		do(t, learner, "watch the policy", watchCSP())
		browserLogin(t, learner, ts.URL, "demo_learner")
		do(t, learner, "enrol", chromedp.Navigate(fmt.Sprintf("%s/courses/%d", ts.URL, crs.ID)),
			chromedp.Click(chromedp.ID("enroll")), chromedp.WaitVisible(chromedp.ID("enrollment")))
		do(t, learner, "read", chromedp.Navigate(fmt.Sprintf("%s/lessons/%d", ts.URL, crs.Article)),
			chromedp.WaitVisible(chromedp.ID("article")))
		wantText(t, "heading", text(t, learner, "#article h2"), "学习要点")
		wantText(t, "bold words", text(t, learner, "#article p strong"), "认真学习")
		wantText(t, "list", strings.Join(js[[]string](t, learner, `[...document.querySelectorAll("#article ul > li")].map(li => li.textContent)`), "|"), "第一条|第二条")
		wantText(t, "link", text(t, learner, `#article a[href="https://www.12371.cn/"]`), "参考网站")
		noProblems(t, learner, fmt.Sprintf("%d px: the learner's lesson page", width))
	}
}

// Without script the article is the textarea: what is typed there is
// stored cleaned by the server, whatever it carries.
func TestBrowserArticleWithoutScript(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "党章学习", true)
	ts.setReadingTime(t, crs.Article, 120)
	b := testenv.Browser(t, time.Minute, 1366)
	browserLogin(t, b, ts.URL, "demo_trainer")
	do(t, b, "no script", noScript(),
		chromedp.Navigate(fmt.Sprintf("%s/teach/lessons/%d", ts.URL, crs.Article)),
		chromedp.WaitVisible(chromedp.CSS("textarea[name=article]")))
	// (Focus and keys only: the protocol's script calls wait for a page without script.)
	do(t, b, "type HTML", chromedp.Focus(chromedp.CSS("textarea[name=article]")),
		typeKeys(`<h2>学习要点</h2><p>正文<img src="/x.png" onerror="alert(1)"></p><script>alert(2)</script>`),
		chromedp.Focus(chromedp.CSS("main form.form input[name=title]")), typeKeys("\r"), chromedp.Sleep(2*time.Second))
	l, _, err := ts.Course.Lesson(context.Background(), ts.courseActor(t, "demo_trainer"), crs.Article)
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "the stored article", l.ArticleHTML, "<h2>学习要点</h2>", "正文")
	for _, bad := range []string{"<script", "onerror", "alert("} {
		if strings.Contains(l.ArticleHTML, bad) {
			t.Errorf("the stored article carries %q: %s", bad, l.ArticleHTML)
		}
	}
}

// In English the toolbar and the link tooltip speak English.
func TestBrowserEditorInEnglish(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "党章学习", true)
	b := testenv.Browser(t, time.Minute, 1366)
	browserLogin(t, b, ts.URL, "demo_trainer")
	do(t, b, "English", chromedp.Navigate(ts.URL+"/lang/en"),
		chromedp.Navigate(fmt.Sprintf("%s/teach/lessons/%d", ts.URL, crs.Article)),
		chromedp.WaitVisible(chromedp.CSS(".ql-editor")))
	if got := js[string](t, b, `document.documentElement.lang + "|" + document.querySelector(".ql-toolbar button.ql-bold").title +
		"|" + document.querySelector(".ql-toolbar button.ql-clean").getAttribute("aria-label")`); got != "en|Bold|Clear formatting" {
		t.Errorf("toolbar in English: %s", got)
	}
	edJS(t, b, editorJS)
	edJS(t, b, `__ed.select("main form.form", "学习正文")`)
	do(t, b, "link", settle(), chromedp.Click(chromedp.CSS(`.ql-toolbar button.ql-link`)),
		chromedp.WaitVisible(chromedp.CSS(`.ql-tooltip.ql-editing`)))
	wantText(t, "the link tooltip", js[string](t, b, `getComputedStyle(document.querySelector(".ql-tooltip"), "::before").content`), "Enter link")
}

// noScript turns script off in the tab, as in a browser without it.
func noScript() chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
}

// The course editor's add-lesson form has the editor too, shown when the
// new lesson is an article; its hints on typing HTML give way to it.
func TestBrowserNewArticleLesson(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "党章学习", true)
	b := testenv.Browser(t, time.Minute, 1366)
	do(t, b, "watch the policy", watchCSP())
	browserLogin(t, b, ts.URL, "demo_trainer")
	const form = "#add-lesson form"
	do(t, b, "the course editor", chromedp.Navigate(fmt.Sprintf("%s/teach/courses/%d", ts.URL, crs.ID)),
		chromedp.WaitReady(chromedp.CSS(form+" .ql-editor")))
	edJS(t, b, editorJS)
	edJS(t, b, `(() => { const s = document.getElementById("lesson-kind"); s.value = "article";
		s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	if js[bool](t, b, `[...document.querySelectorAll("#add-lesson [data-rich-hint]")].some(h => h.getClientRects().length)`) {
		t.Error("the hints on typing HTML are shown with the editor")
	}
	do(t, b, "write", chromedp.SendKeys(chromedp.CSS(form+" input[name=title]"), "第三课"),
		chromedp.Click(chromedp.CSS(form+" .ql-editor")), typeKeys("学习党章的体会"))
	edJS(t, b, `__ed.select("#add-lesson form", "党章")`)
	do(t, b, "bold", settle(), chromedp.Click(chromedp.CSS(form+" .ql-toolbar button.ql-bold")))
	noProblems(t, b, "the course editor")
	js[bool](t, b, `window.__before = true`)
	do(t, b, "add", chromedp.Click(chromedp.ID("add-lesson-submit")))
	waitNewPage(t, b, "/teach/courses")
	id := js[int64](t, b, `+[...document.querySelectorAll("li.lesson")].find(li => li.textContent.includes("第三课")).dataset.lessonId`)
	l, _, err := ts.Course.Lesson(context.Background(), ts.courseActor(t, "demo_trainer"), id)
	if err != nil {
		t.Fatal(err)
	}
	if l.ArticleHTML != "<p>学习<strong>党章</strong>的体会</p>" {
		t.Errorf("the new article: %q", l.ArticleHTML)
	}
}
