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

var navRoles = []string{"demo_learner", "demo_trainer", "demo_committee", "demo_admin"}

// At 1366 px the header is one line for every role, and every link its
// menu offers, reached by opening its group and clicking, answers 200:
// no role is shown a page it may not use.
func TestBrowserNavDesktop(t *testing.T) {
	t.Parallel()
	fs := newFullServer(t)
	for _, user := range navRoles {
		t.Run(user, func(t *testing.T) {
			b := testenv.Browser(t, 150*time.Second, 1366)
			browserLogin(t, b, fs.URL, user)
			oneLineHeader(t, b)
			links := js[[]string](t, b, `[...document.querySelectorAll("#nav a")].map(a => a.getAttribute("href")).filter(h => !h.startsWith("/lang/"))`)
			if len(links) < 10 {
				t.Fatalf("the menu of %s has only %v", user, links)
			}
			for _, href := range links {
				if st := clickMenuLink(t, b, fs.URL, href); st != 200 {
					t.Errorf("%s: the menu link %s answers %d", user, href, st)
				}
			}
		})
	}
}

// oneLineHeader fails when the menu or the header wraps to a second row.
func oneLineHeader(t *testing.T, b context.Context) {
	t.Helper()
	got := js[[]float64](t, b, `(() => { const nav = document.getElementById("nav"), link = nav.querySelector(".nav-top");
		const top = document.querySelector("header.top"), pad = parseFloat(getComputedStyle(top).paddingTop) * 2;
		return [nav.getBoundingClientRect().height, link.getBoundingClientRect().height, top.getBoundingClientRect().height - pad] })()`)
	nav, link, header := got[0], got[1], got[2]
	if nav > link+1 || header > link+1 {
		t.Errorf("the header wraps at 1366 px: menu %.0f px, header %.0f px, one link %.0f px", nav, header, link)
	}
	menu := js[string](t, b, `document.getElementById("nav").textContent`)
	if strings.Contains(menu, "（") {
		t.Errorf("the menu carries full-width punctuation: %q", menu)
	}
}

// clickMenuLink opens the home page, opens the link's group as a person
// would (a click on its title), clicks the link and returns the status of
// the page it led to.
func clickMenuLink(t *testing.T, b context.Context, base, href string) int {
	t.Helper()
	link := fmt.Sprintf(`#nav a[href=%q]`, href)
	do(t, b, "home", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(link)))
	group := js[string](t, b, fmt.Sprintf(`(() => { const d = document.querySelector(%q).closest("details"); return d ? d.id : "" })()`, link))
	if group != "" {
		do(t, b, "open "+group, chromedp.Click(chromedp.CSS("#"+group+" > summary")), chromedp.WaitVisible(chromedp.CSS(link)))
	}
	js[bool](t, b, `window.__before = true`)
	do(t, b, "follow "+href, chromedp.Click(chromedp.CSS(link)))
	waitNewPage(t, b, href)
	if !strings.HasPrefix(js[string](t, b, `location.pathname`), href) {
		t.Errorf("%s led to %s", href, js[string](t, b, `location.href`))
	}
	return js[int](t, b, `performance.getEntriesByType("navigation")[0].responseStatus`)
}

// At phone width (390 px, emulated as a phone) no main page scrolls
// sideways, the menu opens as one list, and every link and button of the
// header and of the opened menu is at least 44 × 44 px.
func TestBrowserNavPhone(t *testing.T) {
	t.Parallel()
	fs := newFullServer(t)
	for _, user := range navRoles {
		t.Run(user, func(t *testing.T) {
			b := testenv.Browser(t, 150*time.Second, 390)
			do(t, b, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
			browserLogin(t, b, fs.URL, user)
			for _, path := range phonePages(t, b, fs.URL) {
				do(t, b, "open "+path, chromedp.Navigate(fs.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
				if w := js[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
					t.Errorf("%s: %s scrolls sideways on a phone: %d px in %d", user, path, w[0], w[1])
				}
			}
			phoneMenu(t, b, fs.URL)
		})
	}
}

// phonePages are the main pages, with the first course of 我的学习.
func phonePages(t *testing.T, b context.Context, base string) []string {
	t.Helper()
	do(t, b, "my study", chromedp.Navigate(base+"/learn"), chromedp.WaitReady(chromedp.CSS("main")))
	pages := []string{"/", "/learn", "/notices", "/feedback", "/appraisals", "/training"}
	course := js[string](t, b, `(document.querySelector('main a[href^="/courses/"]') || {getAttribute: () => ""}).getAttribute("href")`)
	if course == "" {
		course = "/catalogue"
	}
	return append(pages, course)
}

func phoneMenu(t *testing.T, b context.Context, base string) {
	t.Helper()
	do(t, b, "open the menu", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".menu-toggle")),
		chromedp.Click(chromedp.CSS(".menu-toggle")), chromedp.WaitVisible(chromedp.CSS(`#nav a[href="/notices"]`)))
	small := js[[]string](t, b, `[...document.querySelectorAll("header.top a, header.top button, header.top summary, header.top input")]
		.filter(e => e.getClientRects().length && getComputedStyle(e).visibility != "hidden")
		.map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.height < 44 || r.width < 44)
		.map(([e, r]) => (e.textContent.trim() || e.getAttribute("aria-label") || e.name) + " " + Math.round(r.width) + "×" + Math.round(r.height))`)
	if len(small) > 0 {
		t.Errorf("tap targets under 44 px in the phone menu: %v", small)
	}
	hidden := js[int](t, b, `[...document.querySelectorAll("#nav a")].filter(a => !a.getClientRects().length).length`)
	if hidden > 0 {
		t.Errorf("%d menu links stay folded in the opened phone menu", hidden)
	}
	if w := js[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("the opened menu scrolls sideways: %d px in %d", w[0], w[1])
	}
}

// waitNewPage waits until the page that the click left is replaced by a
// loaded one; while it is replaced the evaluation may fail, which is retried.
func waitNewPage(t *testing.T, b context.Context, href string) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		done, err := chromedp.Run(b, chromedp.Evaluate[bool](`!window.__before && document.readyState == "complete"`))
		if err == nil && done {
			return
		}
	}
	t.Fatalf("following %s: no new page within 10 s", href)
}

// The home page is the learner's next step: the courses still to study
// are those of 我的学习, with what is left of them, and the year's 学时;
// the committee's shortcuts all open.
func TestBrowserHomeDashboard(t *testing.T) {
	t.Parallel()
	fs := newFullServer(t)
	b := testenv.Browser(t, 90*time.Second, 390)
	do(t, b, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	crs := fs.seedCourse(t, "公文写作基础", true)
	browserLogin(t, b, fs.URL, "demo_learner")
	card := fmt.Sprintf(`li[data-course-id="%d"]`, crs.ID)
	do(t, b, "enrol from the catalogue", chromedp.Navigate(fs.URL+"/catalogue"), chromedp.WaitVisible(chromedp.CSS(card)),
		chromedp.Click(chromedp.CSS(card+" button.enroll")), chromedp.WaitVisible(chromedp.ID("enrollment")))
	do(t, b, "home", chromedp.Navigate(fs.URL+"/"), chromedp.WaitVisible(chromedp.ID("home-todo")))
	home := js[[]string](t, b, `[...document.querySelectorAll("#home-todo li > a")].map(a => a.textContent.trim())`)
	wantText(t, "the year's hours", text(t, b, "#home-hours"), "学时")
	do(t, b, "my study", chromedp.Navigate(fs.URL+"/learn"), chromedp.WaitReady(chromedp.CSS("main")))
	learn := js[[]string](t, b, `[...document.querySelectorAll("#todo .course-title")].slice(0, 5).map(a => a.textContent.trim())`)
	wantText(t, "home", strings.Join(home, "|"), "公文写作基础")
	if len(learn) == 0 || strings.Join(home, "|") != strings.Join(learn, "|") {
		t.Errorf("home lists %v, 我的学习 %v", home, learn)
	}
	do(t, b, "continue from home", chromedp.Navigate(fs.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#home-todo .button.primary")),
		chromedp.Click(chromedp.CSS("#home-todo .button.primary")), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := js[string](t, b, `location.pathname`); !strings.HasPrefix(got, "/courses/") {
		t.Errorf("继续学习 led to %s", got)
	}

	c := testenv.Browser(t, 90*time.Second, 1366)
	browserLogin(t, c, fs.URL, "demo_committee")
	st, err := chromedp.Run(c, chromedp.Evaluate[[]string](`Promise.all([...document.querySelectorAll("#home-committee a")].map(a =>
		fetch(a.href).then(r => r.status == 200 ? "" : a.getAttribute("href") + " " + r.status))).then(l => l.filter(Boolean))`, chromedp.EvalAwaitPromise))
	if err != nil || len(st) > 0 {
		t.Errorf("committee shortcuts that do not open: %v %v", st, err)
	}
}
