package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
)

// On a phone, a member writes an anonymous message with a PDF; nobody
// accepts it in three working days, so it escalates; the committee sees
// it with the red mark and no author, accepts and answers it; the member
// reads the answer on the phone and rates it, which closes it. No page the
// committee is shown holds the author's id, username or name.
func TestBrowserFeedbackAnonymous(t *testing.T) {
	fs := newFeedbackServer(t)
	author := fs.author(t, "fb_phone", "匿名手机用户")
	secret := []string{fmt.Sprint(author.ID), author.Username, author.DisplayName}
	pdf := filepath.Join(t.TempDir(), "情况说明.pdf")
	if err := os.WriteFile(pdf, feedbackPDF, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := testenv.Browser(t, 60*time.Second, 390)
	browserLogin(t, ctx, fs.URL, author.Username)
	do(t, ctx, "write anonymously",
		chromedp.Navigate(fs.URL+"/feedback"),
		chromedp.SetValue(chromedp.CSS(`#feedback-form select[name=category]`), "problem"),
		chromedp.SendKeys(chromedp.CSS(`#feedback-form textarea[name=body]`), "班车早上发车太早，倒班职工赶不上。"),
		chromedp.SetUploadFiles(chromedp.CSS(`#feedback-form input[name=files]`), []string{pdf}),
		chromedp.Click(chromedp.ID("anonymous")),
		chromedp.Click(chromedp.CSS(`#feedback-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("message")))
	wantText(t, "author's state", text(t, ctx, "#state"), "待受理")
	wantText(t, "author's files", text(t, ctx, "#files"), "情况说明.pdf")
	mineURL, _ := chromedp.Run(ctx, chromedp.Location())
	fs.Feedback.SetClock(func() time.Time { return time.Now().AddDate(0, 0, 7) })
	if n, err := fs.Feedback.Escalate(context.Background()); err != nil || n != 1 {
		t.Fatalf("escalate: %d %v", n, err)
	}
	feedbackSignOut(t, ctx)

	browserLogin(t, ctx, fs.URL, "demo_committee")
	do(t, ctx, "open the inbox", chromedp.Navigate(fs.URL+"/feedback/inbox"), chromedp.WaitVisible(chromedp.ID("inbox")))
	wantText(t, "red mark", text(t, ctx, "#inbox .tag-overdue"), "提级督办")
	noAuthorInPage(t, ctx, "inbox", secret)
	do(t, ctx, "open the message", chromedp.Click(chromedp.CSS(`#inbox td a`)), chromedp.WaitVisible(chromedp.ID("accept-form")))
	wantText(t, "author", text(t, ctx, "#author"), "匿名")
	wantText(t, "escalation", text(t, ctx, "#escalated"), "提级督办", "生产党总支")
	noAuthorInPage(t, ctx, "message", secret)
	do(t, ctx, "accept", chromedp.Click(chromedp.CSS(`#accept-form button`)), chromedp.WaitVisible(chromedp.ID("reply-form")))
	do(t, ctx, "answer",
		chromedp.SendKeys(chromedp.CSS(`#reply-form textarea`), "已协调车队，下周起增开七点半班车。"),
		chromedp.Click(chromedp.CSS(`#reply-form button`)),
		chromedp.WaitVisible(chromedp.ID("close-form")))
	wantText(t, "handler's state", text(t, ctx, "#state"), "已答复")
	noAuthorInPage(t, ctx, "answered message", secret)
	feedbackSignOut(t, ctx)

	browserLogin(t, ctx, fs.URL, author.Username)
	do(t, ctx, "read the answer", chromedp.Navigate(mineURL), chromedp.WaitVisible(chromedp.ID("rate-form")))
	wantText(t, "thread", text(t, ctx, "#thread"), "提级督办", "受理", "七点半班车")
	do(t, ctx, "rate",
		chromedp.Click(chromedp.CSS(`#rate-form input[value=satisfied]`)),
		chromedp.Click(chromedp.CSS(`#rate-form button`)),
		chromedp.WaitVisible(chromedp.ID("rating")))
	wantText(t, "closed", text(t, ctx, "#state"), "已办结")
	wantText(t, "rating", text(t, ctx, "#rating"), "满意")
	if bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.scrollWidth > innerWidth + 1 ?
		"page " + document.documentElement.scrollWidth + " px wide on a " + innerWidth + " px screen" : ""`)); err != nil || bad != "" {
		t.Errorf("phone width: %s %v", bad, err)
	}
}

func feedbackSignOut(t *testing.T, ctx context.Context) {
	t.Helper()
	// On a phone the menu is folded: submit its sign-out form directly.
	quizEval(t, ctx, `document.querySelector('form[action="/logout"]').submit(); true`)
	do(t, ctx, "sign out", chromedp.WaitVisible(chromedp.ID("username")))
}

// noAuthorInPage searches the whole page the handler was sent.
func noAuthorInPage(t *testing.T, ctx context.Context, what string, secret []string) {
	t.Helper()
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secret {
		if strings.Contains(html, s) {
			t.Errorf("%s page names the author (%q)", what, s)
		}
	}
}
