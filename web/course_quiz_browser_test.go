package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/course"
	"lms/internal/testenv"
	"lms/org"
	"lms/quiz"
)

const finalGIFT = `::宗旨::党的根本宗旨是什么？{=全心全意为人民服务 ~实现共产主义 ~发展生产力}`

// courseWithFinalQuiz is a published course of demo_trainer, assigned to
// 华北, with one article (3 s of reading) and a required 结业测验 of one
// question after it.
func (ts *testServer) courseWithFinalQuiz(t *testing.T) (courseID, lessonID, quizID int64) {
	t.Helper()
	ctx, trainer := context.Background(), ts.courseActor(t, "demo_trainer")
	c, err := ts.Course.CreateCourse(ctx, trainer, course.CourseInput{Title: ptrTo("党章学习专题"), Hours: ptrTo(2.0)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := ts.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: ptrTo("党章导读"), Kind: "article",
		MinSeconds: ptrTo(3), ArticleHTML: ptrTo("<p>认真学习党章</p>")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Course.SetState(ctx, trainer, c.ID, "published"); err != nil {
		t.Fatal(err)
	}
	ts.assignTo(t, c.ID, demoNorth, 30)
	return c.ID, l.ID, ts.finalQuiz(t, c.ID)
}

// finalQuiz builds the course's bank and required quiz as its trainer.
func (ts *testServer) finalQuiz(t *testing.T, courseID int64) int64 {
	t.Helper()
	return ts.finalQuizOf(t, courseID, finalGIFT)
}

// finalQuizOf is finalQuiz with the first question of gift.
func (ts *testServer) finalQuizOf(t *testing.T, courseID int64, gift string) int64 {
	t.Helper()
	owner := ts.login(t, "demo_trainer")
	var b quiz.Bank
	if st := owner.do("POST", "/api/v1/banks", map[string]any{"name": "党章题库", "course_id": courseID}, &b); st != 201 {
		t.Fatalf("create the course bank: %d", st)
	}
	ct, body := multipartFile(t, "q.gift.txt", []byte(gift))
	if st, out := owner.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", b.ID), ct, body); st != 200 {
		t.Fatalf("import: %d %s", st, out)
	}
	var page quiz.QuestionPage
	owner.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", b.ID), nil, &page)
	in := map[string]any{"title": "结业测验", "course_id": courseID, "required": true, "pass_mark": 60,
		"max_attempts": 3, "items": []map[string]any{{"question_id": page.Questions[0].ID, "points": 100}}}
	var z quiz.Quiz
	if st := owner.do("POST", "/api/v1/quizzes", in, &z); st != 201 {
		t.Fatalf("create the quiz: %d", st)
	}
	return z.ID
}

// A learner finds the course's required quiz from 我的学习, the outline
// and the last lesson, passes it, and the course completes: by clicking
// only, at a desktop's and a phone's width.
func TestBrowserCompleteCourseWithQuiz(t *testing.T) {
	t.Parallel()
	ts, _ := quizCourseServer(t)
	courseID, _, _ := ts.courseWithFinalQuiz(t)
	for _, tc := range []struct {
		learner string
		width   int
	}{{"demo_learner", 1366}, {"hb1_01", 390}} {
		t.Run(fmt.Sprint(tc.width), func(t *testing.T) {
			b := testenv.Browser(t, 60*time.Second, tc.width)
			completeByClicking(t, b, ts.URL, tc.learner, courseID)
		})
	}
}

func completeByClicking(t *testing.T, b context.Context, base, learner string, courseID int64) {
	browserLogin(t, b, base, learner)
	do(t, b, "open 我的学习", chromedp.Navigate(base+"/learn"), chromedp.WaitVisible(chromedp.ID("todo")))
	wantText(t, "what is left", text(t, b, "#todo"), "党章学习专题", "还差：结业测验")
	do(t, b, "open the course", chromedp.Click(chromedp.CSS(`#todo a.course-title`)), chromedp.WaitVisible(chromedp.ID("outline")))
	wantText(t, "quiz in the outline", text(t, b, "#outline .quiz-step"), "结业测验", "必须通过", "未开始")
	do(t, b, "start studying", chromedp.Click(chromedp.ID("study")), chromedp.WaitVisible(chromedp.ID("article")))
	until(t, b, "read long enough", `!document.getElementById("lesson-done").hidden`, 25*time.Second)
	wantText(t, "next step", text(t, b, "#next-quiz"), "下一步：结业测验")
	do(t, b, "go to the quiz", chromedp.Click(chromedp.ID("next-quiz")), chromedp.WaitVisible(chromedp.ID("start")))
	do(t, b, "start the quiz", chromedp.Click(chromedp.ID("start")), chromedp.WaitVisible(chromedp.ID("attempt")))
	quizEval(t, b, `[].find.call(document.querySelectorAll('#q-1 label.choice'), function (l) { return l.textContent.indexOf('全心全意') >= 0 }).click(); true`)
	until(t, b, "answer saved", `document.querySelectorAll('#navigator a.answered').length == 1 && document.getElementById('save-state').className.indexOf('ok') >= 0`, 10*time.Second)
	quizEval(t, b, `window.confirm = function () { return true }; true`)
	do(t, b, "submit", chromedp.Click(chromedp.ID("submit-attempt")), chromedp.WaitVisible(chromedp.ID("result")))
	wantText(t, "verdict", text(t, b, "#verdict"), "通过")
	do(t, b, "back to the course", chromedp.Click(chromedp.ID("back-to-course")), chromedp.WaitVisible(chromedp.ID("outline")))
	wantText(t, "quiz passed", text(t, b, "#outline .quiz-step"), "已通过 100 分")
	wantText(t, "course completed", text(t, b, "#enrollment"), "已完成")
	do(t, b, "back to 我的学习", chromedp.Click(chromedp.CSS(`main a[href="/learn"]`)), chromedp.WaitVisible(chromedp.ID("done")))
	wantText(t, "done list", text(t, b, "#done"), "党章学习专题")
}

// 测验考试 lists the quizzes of the learner's own courses, and no one
// else's.
func TestQuizIndexListsCourseQuizzes(t *testing.T) {
	t.Parallel()
	ts, _ := quizCourseServer(t)
	courseID, _, quizID := ts.courseWithFinalQuiz(t)
	st, body := ts.login(t, "demo_learner").get("/quiz")
	wantPage(t, st, 200, body, `id="course-quizzes"`, "党章学习专题", fmt.Sprintf(`href="/quiz/quizzes/%d"`, quizID), "未开始")
	if strings.Contains(body, "暂时没有测验") {
		t.Error("the learner is told there is no quiz")
	}
	st, body = ts.login(t, "hnyx_01").get("/quiz")
	wantPage(t, st, 200, body, "暂时没有测验")
	if strings.Contains(body, fmt.Sprintf(`/courses/%d"`, courseID)) {
		t.Error("a learner outside the course sees its quiz")
	}
}

// A reading page that another tab took over offers 在此继续, and taking
// the lesson back there makes its heartbeats count again.
func TestBrowserReaderTakeoverContinueHere(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "保密教育", true)
	ts.setReadingTime(t, crs.Article, 120)
	if err := ts.Course.SelfEnroll(context.Background(), ts.courseActor(t, "demo_learner"), crs.ID); err != nil {
		t.Fatal(err)
	}
	first := testenv.Browser(t, 60*time.Second, 1366)
	browserLogin(t, first, ts.URL, "demo_learner")
	lesson := fmt.Sprintf("%s/lessons/%d", ts.URL, crs.Article)
	do(t, first, "open in the first tab", chromedp.Navigate(lesson), chromedp.WaitVisible(chromedp.ID("article")))
	second, cancel := chromedp.NewContext(first)
	defer cancel()
	do(t, second, "open in a second tab", chromedp.Navigate(lesson), chromedp.WaitVisible(chromedp.ID("article")))
	until(t, first, "first tab told it was taken over", `!document.getElementById("reader-superseded").hidden`, 25*time.Second)
	wantText(t, "takeover notice", text(t, first, "#reader-superseded"), "在此继续")
	do(t, first, "continue here", chromedp.Click(chromedp.ID("reader-resume")))
	until(t, second, "second tab told in its turn", `!document.getElementById("reader-superseded").hidden`, 25*time.Second)
	if js[bool](t, first, `document.getElementById("reader-superseded").hidden`) != true {
		t.Error("the first tab still shows the takeover after continuing here")
	}
}

// After the forced password change the login page says it worked, at a
// desktop's and a phone's width.
func TestBrowserPasswordChangedConfirmed(t *testing.T) {
	t.Parallel()
	ts, pool := quizCourseServer(t)
	for _, tc := range []struct {
		user  string
		width int
	}{{"hb1_04", 1366}, {"hb1_05", 390}} {
		t.Run(fmt.Sprint(tc.width), func(t *testing.T) {
			if _, err := pool.Exec(context.Background(), `UPDATE users SET must_change_password = true WHERE username = $1`, tc.user); err != nil {
				t.Fatal(err)
			}
			b := testenv.Browser(t, 30*time.Second, tc.width)
			do(t, b, "sign in", chromedp.Navigate(ts.URL+"/login"),
				chromedp.SendKeys(chromedp.ID("username"), tc.user),
				chromedp.SendKeys(chromedp.ID("password"), org.DemoPassword),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.CSS(`input[name="current"]`)))
			do(t, b, "change the password",
				chromedp.SendKeys(chromedp.CSS(`input[name="current"]`), org.DemoPassword),
				chromedp.SendKeys(chromedp.CSS(`input[name="new"]`), "Changed2026!"),
				chromedp.SendKeys(chromedp.CSS(`input[name="repeat"]`), "Changed2026!"),
				chromedp.Submit(chromedp.CSS(`input[name="repeat"]`)),
				chromedp.WaitVisible(chromedp.ID("login-submit")))
			wantText(t, "confirmation", text(t, b, "#password-changed"), "密码已修改成功")
		})
	}
}
