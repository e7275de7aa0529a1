package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
	"lms/org"
)

// browserTimeout bounds one browser test, start of Chromium included.
const browserTimeout = 20 * time.Second

// newBrowser is the browser of the admin tests.
func newBrowser(t *testing.T) context.Context {
	return testenv.Browser(t, browserTimeout, 1200)
}

// do runs steps that return nothing, failing the test at the first error.
func do(t *testing.T, ctx context.Context, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// text reads the visible text of the first element that matches css.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := settled(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

// settled runs a reading action, trying again while the page is between two
// documents: a click that submits a form can leave the node found on the
// new page while its script context is still being replaced.
func settled[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		v, err := chromedp.Run(ctx, a)
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") || time.Now().After(deadline) {
			return v, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// doAgain runs a step's actions, and runs them again (up to three times in
// all) when the page replaced a node between finding and using it; the
// step must start by navigating, so that running it again is harmless.
func doAgain(t *testing.T, ctx context.Context, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	var err error
	for range 3 {
		if err = chromedp.Do(ctx, steps...); err == nil || !strings.Contains(err.Error(), "Could not find node") {
			break
		}
	}
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

func wantText(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: %q lacks %q", what, got, w)
		}
	}
}

// browserLogin signs in through the login form and waits for the home page.
func browserLogin(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	do(t, ctx, "sign in",
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), org.DemoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.CSS(".tiles")))
}

func TestBrowserAdminTour(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ctx := newBrowser(t)

	do(t, ctx, "open login", chromedp.Navigate(ts.URL+"/login"))
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "login title", title, "登录")

	browserLogin(t, ctx, ts.URL, "demo_admin")
	wantText(t, "home", text(t, ctx, "h1"), "系统管理员")

	do(t, ctx, "org tree", chromedp.Navigate(ts.URL+"/admin/orgs"))
	wantText(t, "org tree", text(t, ctx, ".tree"), "华北分公司党委", "集团机关党委")

	do(t, ctx, "search users",
		chromedp.Navigate(ts.URL+"/admin/users"),
		chromedp.SendKeys(chromedp.CSS(`main input[name="q"]`), "学员"),
		chromedp.Submit(chromedp.CSS(`main input[name="q"]`)),
		// The answer's search box carries the query in its value attribute.
		chromedp.WaitVisible(chromedp.CSS(`main input[name="q"][value="学员"]`)))
	wantText(t, "search total", text(t, ctx, "#users-total"), "共")
	wantText(t, "search results", text(t, ctx, "#users tbody"), "张学员", "hb1_01")

	do(t, ctx, "switch to English",
		chromedp.Click(chromedp.CSS(`a[href="/lang/en"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)))
	wantText(t, "English menu", js[string](t, ctx, `document.getElementById("nav").textContent`), "Users", "Organisation", "Log out")

	do(t, ctx, "log out",
		chromedp.Click(chromedp.CSS(`#menu-account summary`)),
		chromedp.Click(chromedp.CSS(`#nav form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("login-submit")))
	wantText(t, "after logout", text(t, ctx, "h1"), "Sign in")
}

func TestBrowserImportRoster(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ctx := newBrowser(t)
	roster := filepath.Join(t.TempDir(), "花名册.csv")
	csv := "账号,姓名,组织,职级,角色,手机\n" +
		"br_01,浏览器甲,示范能源集团/华北分公司党委/机关党支部,科员,学员,13800000001\n" +
		"br_02,浏览器乙,示范能源集团/华南分公司党委/营销党支部,副科级,学员、讲师,\n"
	if err := os.WriteFile(roster, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}

	browserLogin(t, ctx, ts.URL, "demo_admin")
	do(t, ctx, "upload roster",
		chromedp.Navigate(ts.URL+"/admin/import"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="file"]`), []string{roster}),
		chromedp.Click(chromedp.CSS(`form[action="/admin/import"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("report")))
	wantText(t, "report", text(t, ctx, "#report"), "导入完成", "新建 2 人")
	password := strings.TrimSpace(text(t, ctx, "#initial-password"))
	if len(password) < 8 {
		t.Errorf("generated password %q not shown", password)
	}
	u := ts.user(t, "br_02")
	if !u.Has(org.RoleTrainer) || !u.MustChangePassword {
		t.Errorf("imported %+v", u)
	}
	if _, _, err := ts.Org.Login(context.Background(), "br_01", password, "127.0.0.1", "test"); err != nil {
		t.Errorf("the shown password does not open the new account: %v", err)
	}
}
