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

// On a phone (390 px, emulated) every link, button and control of the main
// pages of the learner, the trainer and the committee is at least
// 44 × 44 px, except a link inside a sentence (WCAG 2.5.8's inline case).
func TestBrowserTapTargetsPhone(t *testing.T) {
	t.Parallel()
	ts, _ := quizCourseServer(t)
	courseID, lessonID, quizID := ts.courseWithFinalQuiz(t)
	north := ts.unitID(t, demoNorth)
	pages := map[string][]string{
		"demo_learner": {fmt.Sprintf("/courses/%d", courseID), fmt.Sprintf("/lessons/%d", lessonID),
			fmt.Sprintf("/quiz/quizzes/%d", quizID), "/transcript", "/notifications"},
		"demo_trainer": {fmt.Sprintf("/teach/courses/%d", courseID), fmt.Sprintf("/teach/lessons/%d", lessonID)},
		"demo_committee": {fmt.Sprintf("/reports/people?unit=%d", north), fmt.Sprintf("/reports/courses?unit=%d", north),
			"/admin/orgs", "/admin/users"},
	}
	for user, extra := range pages {
		t.Run(user, func(t *testing.T) {
			b := testenv.Browser(t, 150*time.Second, 390)
			do(t, b, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
			browserLogin(t, b, ts.URL, user)
			for _, path := range append(englishPages(t, b, ts.URL), extra...) {
				do(t, b, "open "+path, chromedp.Navigate(ts.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
				if small := js[[]string](t, b, smallTargets); len(small) > 0 {
					t.Errorf("%s %s: tap targets under 44 px: %s", user, path, strings.Join(small, " | "))
				}
			}
			if user == "demo_learner" {
				do(t, b, "start the quiz", chromedp.Navigate(fmt.Sprintf("%s/quiz/quizzes/%d", ts.URL, quizID)),
					chromedp.Click(chromedp.CSS(`form[action$="/start"] button`)), chromedp.WaitVisible(chromedp.CSS(".choice")))
				if small := js[[]string](t, b, smallTargets); len(small) > 0 {
					t.Errorf("attempt page: tap targets under 44 px: %s", strings.Join(small, " | "))
				}
			}
		})
	}
}

// smallTargets lists the visible controls of the page's main part that are
// smaller than 44 × 44 px. A link that is part of a longer sentence, and a
// box inside its label (the label is the target), are left out.
const smallTargets = `(() => {
	const out = [];
	for (const e of document.querySelectorAll('main a[href], main button, main summary, main select, main label.check, main label.choice, main input:not([type=hidden])')) {
		if (!e.getClientRects().length || getComputedStyle(e).visibility == "hidden") continue;
		if ((e.type == "checkbox" || e.type == "radio") && e.closest("label")) continue;
		if (e.tagName == "A" && getComputedStyle(e).display == "inline") {
			const p = e.parentElement;
			if (p && p.textContent.trim().length > e.textContent.trim().length + 3) continue;
		}
		const r = e.getBoundingClientRect();
		if (r.height < 43.5 || r.width < 43.5)
			out.push((e.textContent.trim() || e.getAttribute("aria-label") || e.name || e.tagName).slice(0, 20) + " " + Math.round(r.width) + "×" + Math.round(r.height));
	}
	return out.slice(0, 12) })()`

// On a phone, the organisation tree counts each unit's whole subtree (a
// party committee holds its branches' members) and offers 添加下级组织 in
// the open, not under 修改.
func TestBrowserOrgTreePhone(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	north := ts.unitID(t, demoNorth)
	var total, own int
	if err := ts.App.Pool.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE u.unit_id = $1)
		FROM users u JOIN units un ON un.id = u.unit_id WHERE un.path <@ (SELECT path FROM units WHERE id = $1)`, north).Scan(&total, &own); err != nil {
		t.Fatal(err)
	}
	if total <= own {
		t.Fatalf("the demo's 华北 holds %d people, %d of them directly: the test needs members in its branches", total, own)
	}
	b := testenv.Browser(t, 60*time.Second, 390)
	do(t, b, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	browserLogin(t, b, ts.URL, "demo_admin")
	do(t, b, "tree", chromedp.Navigate(ts.URL+"/admin/orgs"), chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("u%d", north))))
	line := fmt.Sprintf("#u%d .unit-count", north)
	wantText(t, "subtree count", text(t, b, line), fmt.Sprintf("共 %d 人", total), fmt.Sprintf("本级 %d 人", own))
	add := fmt.Sprintf("#u%d > details > .unit-actions > .unit-add", north)
	do(t, b, "add a branch", chromedp.Click(chromedp.CSS(add+" > summary")),
		chromedp.SendKeys(chromedp.CSS(add+` input[name="name"]`), "新建党支部"),
		chromedp.Click(chromedp.CSS(add+` button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".success")))
	wantText(t, "created", text(t, b, ".success"), "已新建组织")
	id := ts.unitID(t, demoNorth+"/新建党支部")
	wantText(t, "new unit in the tree", text(t, b, fmt.Sprintf("#u%d", id)), "新建党支部", "共 0 人")
	if small := js[[]string](t, b, smallTargets); len(small) > 0 {
		t.Errorf("tap targets under 44 px on the tree: %s", strings.Join(small, " | "))
	}
}
