package report

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/org"
	"lms/quiz"
)

// Quiz figures through the quiz feature itself: attempts started, answered
// and graded by quiz.Service. A retake that scores lower keeps the best
// result; figures count one result per person and quiz.
func TestQuizFiguresFromGrading(t *testing.T) {
	f := newFixture(t)
	f.unit("测验集团", "", "集团")
	f.unit("一支部", "测验集团", "党支部")
	trainer := f.user("trainer", "讲师", "测验集团", "科员", org.RoleTrainer)
	f.user("q1", "甲", "一支部", "科员")
	f.user("q2", "乙", "一支部", "科员")
	c, _ := f.newCourse("测验课程", "理论", 1, 1)
	f.assign(c, "测验集团", f.year, time.Now().Add(30*24*time.Hour))
	qs := quiz.NewService(f.pool)
	qs.Reporter = f.svc
	qs.OnPassed = func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error {
		_, err := f.course.CheckCompletion(ctx, tx, userID, courseID)
		return err
	}
	// The figures are under test, not who may build the quiz: the bank and
	// quiz are made as the system, by the trainer's account.
	tv := quiz.Viewer{UserID: trainer, UnitPath: f.units["测验集团"].Path, Manager: true, System: true}
	b, err := qs.CreateBank(f.ctx, tv, quiz.BankInput{Name: "题库", CourseID: &c})
	must(t, err)
	_, err = qs.Import(f.ctx, tv, b.ID, quiz.FormatGIFT, []byte("::一::第一题？{=对 ~错}\n\n::二::第二题？{=对 ~错}\n"), false)
	must(t, err)
	page, err := qs.Questions(f.ctx, tv, b.ID, "", 1)
	must(t, err)
	z := quiz.Quiz{Title: "结业测验", CourseID: &c, PassMark: 60}
	for _, q := range page.Questions {
		z.Items = append(z.Items, quiz.QuizItem{QuestionID: q.ID, Points: 1})
	}
	zq, err := qs.CreateQuiz(f.ctx, tv, z)
	must(t, err)
	take := func(user string, right int) {
		t.Helper()
		v := quiz.Viewer{UserID: f.users[user], UnitPath: f.units["一支部"].Path}
		a, err := qs.Start(f.ctx, v, zq.ID)
		must(t, err)
		for i, q := range a.Questions {
			choice := 1
			if i < right {
				choice = 0
			}
			_, err := qs.SaveAnswer(f.ctx, v, a.ID, q.ID, quiz.AnswerInput{Choices: []int{choice}})
			must(t, err)
		}
		_, err = qs.Submit(f.ctx, v, a.ID)
		must(t, err)
	}
	take("q1", 2) // 100, passed
	take("q1", 1) // a retake at 50: the best stays
	take("q2", 1) // 50, not passed
	f.verify()

	r, err := f.svc.Units(f.ctx, f.sys, Query{UnitID: f.units["测验集团"].ID, Year: f.year})
	must(t, err)
	got := r.Total
	if got.QuizTaken != 2 || got.QuizAverage == nil || *got.QuizAverage != 75 || *got.QuizPassRate != 0.5 {
		t.Errorf("quiz figures %s", showFigures(got))
	}
	tr, err := f.svc.Person(f.ctx, f.sys, f.users["q1"], f.year)
	must(t, err)
	if tr.Person.QuizTaken != 1 || *tr.Person.QuizAverage != 100 || len(tr.Courses) != 1 ||
		tr.Courses[0].QuizScore == nil || *tr.Courses[0].QuizScore != 100 || !*tr.Courses[0].QuizPassed {
		t.Errorf("q1: %s", show(tr))
	}
	cr, err := f.svc.Courses(f.ctx, f.sys, Query{UnitID: f.units["测验集团"].ID, Year: f.year})
	must(t, err)
	if len(cr.Rows) != 1 || cr.Rows[0].QuizTaken != 2 || *cr.Rows[0].QuizAverage != 75 {
		t.Errorf("course %s", show(cr.Rows))
	}
}
