package app_test

import (
	"context"
	"testing"

	"lms/course"
	"lms/internal/app/apptest"
	"lms/internal/apperr"
	"lms/org"
	"lms/quiz"
)

// Passing a course's required quiz completes the course in the grading
// transaction, and only enrolled learners may take it.
func TestQuizCompletesCourse(t *testing.T) {
	ctx := context.Background()
	app := apptest.New(t, apptest.Options{})
	sys := org.System()
	title, open, hours := "党章学习", true, 2.0
	c, err := app.Course.CreateCourse(ctx, sys, course.CourseInput{Title: &title, Open: &open, Hours: &hours})
	if err != nil {
		t.Fatal(err)
	}
	// An optional reading: only the quiz stands between the learner and completion.
	lt, article, optional := "导读", "<p>党章导读</p>", false
	if _, err := app.Course.AddLesson(ctx, sys, c.ID, course.LessonInput{Title: &lt, Kind: "article",
		ArticleHTML: &article, Required: &optional}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Course.SetState(ctx, sys, c.ID, "published"); err != nil {
		t.Fatal(err)
	}
	trainer, _ := app.Org.UserByUsername(ctx, "demo_trainer")
	tv := quiz.Viewer{UserID: trainer.ID, UnitPath: trainer.UnitPath, Manager: true}
	if _, err := app.Quiz.CreateBank(ctx, tv, quiz.BankInput{Name: "课程题库", CourseID: &c.ID}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a trainer who does not teach the course made its bank: %v", err)
	}
	if _, err := app.Course.SetOwners(ctx, sys, c.ID, []int64{trainer.ID}); err != nil {
		t.Fatal(err)
	}
	bank, err := app.Quiz.CreateBank(ctx, tv, quiz.BankInput{Name: "课程题库", CourseID: &c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Quiz.Import(ctx, tv, bank.ID, quiz.FormatGIFT, []byte("党员应当按期交纳党费。{T}\n"), false); err != nil {
		t.Fatal(err)
	}
	page, _ := app.Quiz.Questions(ctx, tv, bank.ID, "", 1)
	z, err := app.Quiz.CreateQuiz(ctx, tv, quiz.Quiz{Title: "结业测验", CourseID: &c.ID, Required: true, PassMark: 60,
		Items: []quiz.QuizItem{{QuestionID: page.Questions[0].ID}}})
	if err != nil {
		t.Fatal(err)
	}
	_, a, err := app.Org.Login(ctx, "demo_learner", org.DemoPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	lv := quiz.Viewer{UserID: a.UserID, UnitPath: a.UnitPath}
	if _, err := app.Quiz.Start(ctx, lv, z.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a learner not enrolled started: %v", err)
	}
	if err := app.Course.SelfEnroll(ctx, a, c.ID); err != nil {
		t.Fatal(err)
	}
	v, err := app.Quiz.Start(ctx, lv, z.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Quiz.SaveAnswer(ctx, lv, v.ID, v.Questions[0].ID, quiz.AnswerInput{Choices: []int{0}}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Quiz.Submit(ctx, lv, v.ID); err != nil {
		t.Fatal(err)
	}
	states, err := app.Course.EnrolledIn(ctx, a, []int64{c.ID})
	if err != nil || states[c.ID] != "completed" {
		t.Errorf("course after passing its quiz: %v %v", states, err)
	}
}
