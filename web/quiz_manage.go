package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"lms/internal/calendar"
	"lms/quiz"
)

func (s *Server) quizManagePageRoutes(g *echo.Group) {
	g.GET("/quizzes/new", s.quizNewPage)
	g.POST("/quizzes", s.quizCreateSubmit)
	g.GET("/quizzes/:id/edit", s.quizEditPage)
	g.POST("/quizzes/:id", s.quizUpdateSubmit)
	g.GET("/quizzes/:id/results", s.resultsPage)
	g.GET("/attempts/:id/review", s.reviewPage)
	g.POST("/attempts/:id/grade", s.gradeSubmit)
}

type quizFormData struct {
	Notice
	Quiz     quiz.Quiz
	DueAt    string
	Banks    []quiz.Bank
	Units    []unitChoice
	RuleRows []quiz.Rule
	Levels   []int
	// Courses are the viewer's courses to choose by name; CourseID the chosen.
	Courses  []courseChoice
	CourseID int64
}

const dueLayout = "2006-01-02T15:04"

func (s *Server) quizForm(c echo.Context, status int, z quiz.Quiz, errMsg string) error {
	ctx, v := c.Request().Context(), s.viewer(c)
	banks, err := s.Quiz.Banks(ctx, v)
	if err != nil {
		return err
	}
	units, err := s.unitChoices(c)
	if err != nil {
		return err
	}
	d := quizFormData{Quiz: z, Banks: banks, Units: units, RuleRows: append([]quiz.Rule{}, z.Rules...),
		Levels: []int{1, 2, 3, 4, 5}}
	if d.Courses, err = s.courseChoices(c); err != nil {
		return err
	}
	if z.CourseID != nil {
		d.CourseID = *z.CourseID
	}
	for len(d.RuleRows) < 3 {
		d.RuleRows = append(d.RuleRows, quiz.Rule{})
	}
	if z.DueAt != nil {
		d.DueAt = calendar.In(*z.DueAt).Format(dueLayout)
	}
	d.Error = errMsg
	return s.render(c, status, "quiz_form", d)
}

// quizNewPage starts from the questions ticked in a bank (?qid=…) or,
// with none, a draw from the bank.
func (s *Server) quizNewPage(c echo.Context) error {
	z := quiz.Quiz{Mode: quiz.ModeFixed, PassMark: 60, MaxAttempts: 3, TimeLimitS: 1800,
		ShowAnswers: quiz.ShowAfterSubmit, ShuffleOptions: true}
	for _, q := range c.QueryParams()["qid"] {
		if id, err := strconv.ParseInt(q, 10, 64); err == nil {
			z.Items = append(z.Items, quiz.QuizItem{QuestionID: id, Points: 1})
		}
	}
	if bank, err := strconv.ParseInt(c.QueryParam("bank"), 10, 64); err == nil && len(z.Items) == 0 {
		z.Mode, z.Rules = quiz.ModeDraw, []quiz.Rule{{BankID: bank, Count: 10, Points: 1}}
	}
	if cid, err := strconv.ParseInt(c.QueryParam("course"), 10, 64); err == nil && cid > 0 {
		z.CourseID = &cid
	}
	if c.QueryParam("mode") == quiz.ModeDaily {
		z.Mode, z.TimeLimitS, z.MaxAttempts, z.Title = quiz.ModeDaily, 0, 0, s.tr(c, "quiz.daily")
	}
	return s.quizForm(c, http.StatusOK, z, "")
}

func (s *Server) quizEditPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	z, err := s.Quiz.ManagedQuiz(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		return err
	}
	return s.quizForm(c, http.StatusOK, *z, "")
}

func (s *Server) quizCreateSubmit(c echo.Context) error {
	return s.saveQuizForm(c, 0)
}

func (s *Server) quizUpdateSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.saveQuizForm(c, id)
}

func (s *Server) saveQuizForm(c echo.Context, id int64) error {
	z, err := quizFromForm(c)
	z.ID = id
	var saved *quiz.Quiz
	if err == nil && id == 0 {
		saved, err = s.Quiz.CreateQuiz(c.Request().Context(), s.viewer(c), z)
	} else if err == nil {
		saved, err = s.Quiz.UpdateQuiz(c.Request().Context(), s.viewer(c), z)
	}
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		return s.quizForm(c, st, z, msg)
	}
	return c.Redirect(http.StatusSeeOther, "/quiz/quizzes/"+strconv.FormatInt(saved.ID, 10)+"?ok=quiz_saved")
}

func quizFromForm(c echo.Context) (quiz.Quiz, error) {
	f := func(n string) string { return strings.TrimSpace(c.FormValue(n)) }
	atoi := func(n string) int { v, _ := strconv.Atoi(f(n)); return v }
	z := quiz.Quiz{Title: f("title"), Description: f("description"), Mode: f("mode"), UnitPath: f("unit_path"),
		Required: f("required") != "", TimeLimitS: atoi("time_limit_min") * 60, MaxAttempts: atoi("max_attempts"),
		ShuffleQuestions: f("shuffle_questions") != "", ShuffleOptions: f("shuffle_options") != "",
		PartialCredit: f("partial_credit") != "", ShowAnswers: f("show_answers")}
	z.PassMark, _ = strconv.ParseFloat(f("pass_mark"), 64)
	if cid, err := strconv.ParseInt(f("course_id"), 10, 64); err == nil && cid > 0 {
		z.CourseID, z.UnitPath = &cid, ""
	}
	if due := f("due_at"); due != "" {
		t, err := time.ParseInLocation(dueLayout, due, calendar.Zone)
		if err != nil {
			return z, quizInvalid("截止时间格式无效")
		}
		z.DueAt = &t
	}
	points, _ := strconv.ParseFloat(f("item_points"), 64)
	for _, q := range c.Request().Form["qid"] {
		if id, err := strconv.ParseInt(q, 10, 64); err == nil {
			z.Items = append(z.Items, quiz.QuizItem{QuestionID: id, Points: points})
		}
	}
	z.Rules = rulesFromForm(c)
	return z, nil
}

// rulesFromForm reads the rule rows; a row without a bank is left out.
func rulesFromForm(c echo.Context) []quiz.Rule {
	form := c.Request().Form
	var out []quiz.Rule
	at := func(name string, i int) string {
		if i < len(form[name]) {
			return strings.TrimSpace(form[name][i])
		}
		return ""
	}
	for i := range form["rule_bank"] {
		bank, err := strconv.ParseInt(at("rule_bank", i), 10, 64)
		if err != nil || bank <= 0 {
			continue
		}
		r := quiz.Rule{BankID: bank, Tag: at("rule_tag", i)}
		r.Difficulty, _ = strconv.Atoi(at("rule_difficulty", i))
		r.Count, _ = strconv.Atoi(at("rule_count", i))
		r.Points, _ = strconv.ParseFloat(at("rule_points", i), 64)
		out = append(out, r)
	}
	return out
}
