package web

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"lms/course"
	"lms/reflection"
)

// reflectionText reads one of the reflection package's sample texts.
func reflectionText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../reflection/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// The course's article is read, yet the course completes and credits its
// 学时 only when the reflection is approved; in between it is written,
// refused when short or with a script, returned with a comment the
// learner sees (and is told of under the bell), and rewritten.
func TestReflectionCompletesCourseOnlyWhenApproved(t *testing.T) {
	t.Parallel()
	ts := newReflectionServer(t)
	courseID, lessonID := ts.reflectionCourse(t, 300)
	learner, trainer := ts.login(t, "demo_learner"), ts.login(t, "demo_trainer")
	ts.readLesson(t, "demo_learner", lessonID)
	if st, hours := ts.enrollmentState(t, "demo_learner", courseID); st == "completed" || hours != 0 {
		t.Fatalf("course completed without a reflection: %s, %v 学时", st, hours)
	}
	var e apiError
	if st := learner.do("POST", reflectionPath(courseID)+"/submit", map[string]any{"body": "学习很有收获。"}, &e); st != 400 ||
		!strings.Contains(e.Error.Message, "至少需要 300 字") {
		t.Fatalf("short reflection: %d %+v", st, e)
	}
	if st := learner.do("PUT", reflectionPath(courseID), map[string]any{"body": "体会<script>alert(1)</script>"}, &e); st != 400 ||
		!strings.Contains(e.Error.Message, "HTML") {
		t.Fatalf("script: %d %+v", st, e)
	}
	var saved reflection.Saved
	if st := learner.do("PUT", reflectionPath(courseID), map[string]any{"body": "先写一段草稿。"}, &saved); st != 200 || saved.Chars != 6 {
		t.Fatalf("save: %d %+v", st, saved)
	}
	st, body := learner.get(fmt.Sprintf("/reflection/courses/%d", courseID))
	wantPage(t, st, 200, body, "先写一段草稿。", "要求不少于 300 字", "结合本职工作谈体会", "截止")
	var r reflection.Reflection
	if st := learner.do("POST", reflectionPath(courseID)+"/submit", map[string]any{"body": reflectionText(t, "honest_a.txt")}, &r); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	var waiting struct{ Reflections []reflection.Item }
	if trainer.do("GET", "/api/v1/reflections", nil, &waiting); len(waiting.Reflections) != 1 || waiting.Reflections[0].ID != r.ID {
		t.Fatalf("trainer's queue: %+v", waiting)
	}
	review := fmt.Sprintf("/api/v1/reflections/%d/review", r.ID)
	if st := trainer.do("POST", review, map[string]any{"decision": "return"}, &e); st != 400 || !strings.Contains(e.Error.Message, "修改意见") {
		t.Fatalf("return without comment: %d %+v", st, e)
	}
	if st := trainer.do("POST", review, map[string]any{"decision": "return", "comment": "请联系岗位实际"}, nil); st != 200 {
		t.Fatalf("return: %d", st)
	}
	st, body = learner.get(fmt.Sprintf("/reflection/courses/%d", courseID))
	wantPage(t, st, 200, body, "请联系岗位实际", "退回修改", `id="refl-form"`)
	st, body = learner.get("/notifications")
	wantPage(t, st, 200, body, "心得被退回修改")
	if st := learner.do("POST", reflectionPath(courseID)+"/submit",
		map[string]any{"body": reflectionText(t, "honest_a.txt") + "我将结合岗位实际抓好落实。"}, nil); st != 200 {
		t.Fatalf("resubmit: %d", st)
	}
	// The learner's branch committee approves this time.
	committee := ts.login(t, "demo_committee")
	if st := committee.do("POST", review, map[string]any{"decision": "approve", "grade": "良好"}, nil); st != 200 {
		t.Fatalf("approve: %d", st)
	}
	if st, hours := ts.enrollmentState(t, "demo_learner", courseID); st != "completed" || hours != 1.5 {
		t.Fatalf("after approval: %s, %v 学时", st, hours)
	}
	if st := learner.do("POST", reflectionPath(courseID)+"/submit", map[string]any{"body": reflectionText(t, "honest_b.txt")}, &e); st != 409 ||
		!strings.Contains(e.Error.Message, "已通过") {
		t.Fatalf("resubmitting an approved reflection: %d %+v", st, e)
	}
}

// An outsider with a copied link and a learner of another subtree with a
// script get nothing: no reflection is written, read or reviewed.
func TestReflectionAttackers(t *testing.T) {
	t.Parallel()
	ts := newReflectionServer(t)
	courseID, _ := ts.reflectionCourse(t, 100)
	learner := ts.login(t, "demo_learner")
	var r reflection.Reflection
	if st := learner.do("POST", reflectionPath(courseID)+"/submit", map[string]any{"body": reflectionText(t, "honest_a.txt")}, &r); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	south := ts.login(t, "hnyx_01")
	var e apiError
	if st := south.do("PUT", reflectionPath(courseID), map[string]any{"body": "冒名"}, &e); st != 404 ||
		!strings.Contains(e.Error.Message, "没有参加这门课程") {
		t.Errorf("writing for a course not theirs: %d %+v", st, e)
	}
	for _, p := range []string{fmt.Sprintf("/api/v1/reflections/%d", r.ID), reflectionPath(courseID)} {
		if st := south.do("GET", p, nil, &e); st != 404 {
			t.Errorf("GET %s by another subtree's learner: %d", p, st)
		}
	}
	if st := south.do("POST", fmt.Sprintf("/api/v1/reflections/%d/review", r.ID), map[string]any{"decision": "approve"}, nil); st != 404 {
		t.Errorf("approve by another subtree's learner: %d", st)
	}
	st, body := south.get(fmt.Sprintf("/reflections/%d", r.ID))
	if st != 404 || strings.Contains(body, "心得正文") || strings.Contains(body, "参加这次新时代") {
		t.Errorf("page of another's reflection: %d", st)
	}
	classmate := ts.login(t, "hb1_01")
	if st, _ := classmate.get(fmt.Sprintf("/reflections/%d", r.ID)); st != 404 {
		t.Errorf("a classmate reads an unshared reflection: %d", st)
	}
	if st := classmate.do("GET", "/api/v1/reflection-figures", nil, &e); st != 403 {
		t.Errorf("a learner reads the figures: %d", st)
	}
	outsider := ts.client(t)
	st, _, loc := outsider.post(fmt.Sprintf("/reflections/%d/review", r.ID), url.Values{"decision": {"approve"}})
	if st < 300 || st >= 500 || st < 400 && !strings.HasPrefix(loc, "/login") {
		t.Errorf("anonymous approve: %d %s", st, loc)
	}
	got, err := ts.Reflection.Get(t.Context(), ts.courseActor(t, "demo_learner"), r.ID)
	if err != nil || got.Reflection.State != reflection.Submitted || got.Reflection.Body != reflectionText(t, "honest_a.txt") {
		t.Errorf("the reflection changed: %+v %v", got, err)
	}
}

// The committee's figures per unit, on the page linked from the reports.
func TestReflectionFiguresPage(t *testing.T) {
	t.Parallel()
	ts := newReflectionServer(t)
	courseID, _ := ts.reflectionCourse(t, 100)
	for _, u := range []string{"demo_learner", "hb1_01"} {
		if st := ts.login(t, u).do("POST", reflectionPath(courseID)+"/submit", map[string]any{"body": reflectionText(t, "honest_a.txt")}, nil); st != 200 {
			t.Fatalf("submit as %s: %d", u, st)
		}
	}
	c := ts.login(t, "demo_committee")
	var out struct {
		Units []struct {
			Unit      string
			Submitted int
			Flagged   int
		}
	}
	if st := c.do("GET", "/api/v1/reflection-figures", nil, &out); st != 200 || len(out.Units) != 1 ||
		out.Units[0].Unit != "第一党支部" || out.Units[0].Submitted != 2 || out.Units[0].Flagged != 1 {
		t.Fatalf("figures: %+v", out)
	}
	st, body := c.get("/reflection/report")
	wantPage(t, st, 200, body, "心得体会统计", "第一党支部", "<td>2</td>")
	south := fmt.Sprint(ts.unitID(t, demoSouth))
	if st := c.do("GET", "/api/v1/reflection-figures?unit_id="+south, nil, nil); st != 403 {
		t.Errorf("another subtree's figures: %d", st)
	}
}

// The reports page links the reflection figures.
func TestReflectionLinkedFromReports(t *testing.T) {
	t.Parallel()
	fs := newFullServer(t)
	st, body := fs.login(t, "demo_committee").get("/reports")
	wantPage(t, st, 200, body, `href="/reflection/report?org=`)
}

// The pages without JavaScript: the trainer sets the rule by its form
// (a bad minimum is shown beside it, nothing saved); the learner's form
// keeps a refused text on the page instead of losing it; a learner is
// refused the rule's form.
func TestReflectionForms(t *testing.T) {
	t.Parallel()
	ts := newReflectionServer(t)
	courseID, _ := ts.reflectionCourse(t, 300)
	trainer, learner := ts.login(t, "demo_trainer"), ts.login(t, "demo_learner")
	rulePath := fmt.Sprintf("/reflection/courses/%d/rule", courseID)
	st, body := trainer.get(rulePath)
	wantPage(t, st, 200, body, "心得体会要求", `value="300"`, "结合本职工作谈体会")
	st, body, _ = trainer.post(rulePath, url.Values{"required": {"1"}, "min_chars": {"10"}})
	wantPage(t, st, 400, body, "最少字数应在 50 到 10000 字之间")
	st, _, loc := trainer.post(rulePath, url.Values{"required": {"1"}, "min_chars": {"800"}, "prompt": {"联系实际"}})
	wantRedirect(t, st, loc, rulePath+"?ok=")
	if st, _ := learner.get(rulePath); st != 403 {
		t.Errorf("a learner opens the rule's form: %d", st)
	}
	if st, _, _ := learner.post(rulePath, url.Values{"min_chars": {"50"}}); st != 403 {
		t.Errorf("a learner removes the rule: %d", st)
	}
	write := fmt.Sprintf("/reflection/courses/%d", courseID)
	st, body, _ = learner.post(write, url.Values{"body": {"我的体会很多。"}, "action": {"submit"}})
	wantPage(t, st, 400, body, "心得至少需要 800 字", "我的体会很多。", "要求不少于 800 字")
	st, body, _ = learner.post(write, url.Values{"body": {"体会<img src=x onerror=alert(1)>"}, "action": {"save"}})
	wantPage(t, st, 400, body, "不能包含 HTML 标签或脚本", "体会&lt;img")
	noInlineScript(t, body)
	st, _, loc = learner.post(write, url.Values{"body": {"先存草稿"}, "share_ok": {"1"}, "action": {"save"}})
	wantRedirect(t, st, loc, write+"?ok=reflection_saved")
	st, body = learner.get(loc)
	wantPage(t, st, 200, body, "草稿已保存", "先存草稿", `name="share_ok" value="1" checked`)
}

// A reflection pasted from the course's own article (read through the
// course feature, HTML and all) is flagged against that lesson.
func TestReflectionCopiedFromTheArticle(t *testing.T) {
	t.Parallel()
	ts := newReflectionServer(t)
	courseID, lessonID := ts.reflectionCourse(t, 300)
	article := reflectionText(t, "honest_b.txt")
	html := "<h2>学习导读</h2><p>" + strings.ReplaceAll(article, "\n\n", "</p><p>") + "</p>"
	if _, err := ts.Course.UpdateLesson(t.Context(), ts.courseActor(t, "demo_trainer"), lessonID,
		course.LessonInput{ArticleHTML: &html}); err != nil {
		t.Fatal(err)
	}
	var r reflection.Reflection
	if st := ts.login(t, "demo_learner").do("POST", reflectionPath(courseID)+"/submit", map[string]any{"body": article}, &r); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	if !r.Flagged || r.MatchKind != "material" || r.MatchRef != lessonID || r.Overlap < 0.95 {
		t.Fatalf("copy of the article: %+v", r)
	}
	st, body := ts.login(t, "demo_trainer").get(fmt.Sprintf("/reflections/%d", r.ID))
	wantPage(t, st, 200, body, "疑似雷同", "课程材料《学习材料》", "<mark>")
}
