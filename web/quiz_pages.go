package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/quiz"
)

func (s *Server) quizPageRoutes() {
	g := s.e.Group("/quiz", requireLogin, s.mustChangePassword)
	g.GET("", s.quizIndexPage)
	g.POST("/banks", s.bankCreateSubmit)
	g.GET("/banks/:id", s.bankPage)
	g.GET("/banks/:id/export", s.quizExport)
	g.POST("/banks/:id/import", s.importSubmitPage)
	g.GET("/banks/:id/questions/new", s.questionNewPage)
	g.POST("/banks/:id/questions", s.questionCreateSubmit)
	g.GET("/questions/:id/edit", s.questionEditPage)
	g.POST("/questions/:id", s.questionUpdateSubmit)
	g.POST("/questions/:id/delete", s.questionDeleteSubmit)
	g.GET("/template.xlsx", s.quizTemplate)
	g.POST("/images", s.quizImageUpload)
	g.GET("/images/:name", s.quizImage)
	s.quizManagePageRoutes(g)
	s.quizTakePageRoutes(g)
}

func quizInvalid(msg string) error { return apperr.Invalidf("%s", msg) }

// safeHTML marks text the quiz package sanitised as HTML for templates.
func safeHTML(s string) template.HTML { return template.HTML(s) } //nolint:gosec // sanitised by quiz.SanitizeHTML

type quizIndexData struct {
	Notice
	Manager bool
	Banks   []quiz.Bank
	Quizzes []quiz.Quiz
	Daily   []quiz.Quiz
	Streak  int
	Units   []unitChoice
	// Courses are the quizzes of the viewer's courses, course by course.
	Courses []courseQuizzes
	// Taught are the courses a new bank may belong to, by name.
	Taught []courseChoice
}

// unitChoice is a subtree a bank or quiz may be shared with.
type unitChoice struct {
	Path, Name string
}

func (s *Server) quizIndexPage(c echo.Context) error {
	ctx, v := c.Request().Context(), s.viewer(c)
	d := quizIndexData{Manager: v.CanBuild()}
	var err error
	if d.Manager {
		if d.Banks, err = s.Quiz.Banks(ctx, v); err != nil {
			return err
		}
		if d.Units, err = s.unitChoices(c); err != nil {
			return err
		}
		if d.Taught, err = s.courseChoices(c); err != nil {
			return err
		}
	}
	all, err := s.Quiz.Quizzes(ctx, v)
	if err != nil {
		return err
	}
	for _, z := range all {
		if z.Mode == quiz.ModeDaily {
			d.Daily = append(d.Daily, z)
		} else {
			d.Quizzes = append(d.Quizzes, z)
		}
	}
	if d.Streak, err = s.Quiz.Streak(ctx, v.UserID); err != nil {
		return err
	}
	if d.Courses, err = s.myCourseQuizzes(c); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "quiz_index", d)
}

// unitChoices: the viewer's own unit and the units above it (a bank or
// quiz may be shared with a whole branch or the group), then the subtrees
// they administer.
func (s *Server) unitChoices(c echo.Context) ([]unitChoice, error) {
	paths := s.viewer(c).SharePaths()
	var out []unitChoice
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			continue
		}
		seen[p] = true
		names, err := s.Org.UnitNames(c.Request().Context(), p)
		if err != nil {
			return nil, err
		}
		out = append(out, unitChoice{Path: p, Name: strings.Join(names, " / ")})
	}
	return out, nil
}

func (s *Server) bankCreateSubmit(c echo.Context) error {
	in := quiz.BankInput{Name: c.FormValue("name"), UnitPath: c.FormValue("unit_path")}
	if cid, err := strconv.ParseInt(c.FormValue("course_id"), 10, 64); err == nil && cid > 0 {
		in.CourseID, in.UnitPath = &cid, ""
	}
	b, err := s.Quiz.CreateBank(c.Request().Context(), s.viewer(c), in)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/quiz/banks/"+strconv.FormatInt(b.ID, 10))
}

type bankData struct {
	Notice
	Bank      *quiz.Bank
	Page      *quiz.QuestionPage
	Rows      []questionRow
	Query     string
	Pager     pager
	Report    *quiz.ImportReport
	ReportMsg string
	// Rest offers 导入其余题目 after a report with problems; Imports is the
	// bank's import history.
	Rest    *restForm
	Imports []quiz.ImportRecord
}

type questionRow struct {
	quiz.Question
	StemHTML template.HTML
	Options  []template.HTML // a choice question's options, A, B, C…
	Answer   string
}

func (s *Server) bankPage(c echo.Context) error {
	return s.renderBank(c, http.StatusOK, nil, nil)
}

func (s *Server) renderBank(c echo.Context, status int, rep *quiz.ImportReport, rest *restForm) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.viewer(c)
	b, err := s.Quiz.Bank(ctx, v, id)
	if err != nil {
		return err
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	p, err := s.Quiz.Questions(ctx, v, id, strings.TrimSpace(c.QueryParam("q")), page)
	if err != nil {
		return err
	}
	d := bankData{Bank: b, Page: p, Query: c.QueryParam("q"), Report: rep, Rest: rest,
		Pager: s.newPager(c, p.Page, p.Page*p.PerPage < p.Total)}
	if b.Writable {
		if d.Imports, err = s.Quiz.Imports(ctx, v, id); err != nil {
			return err
		}
	}
	d.Notice.Flash = s.flash(c)
	for _, q := range p.Questions {
		row := questionRow{Question: q, StemHTML: safeHTML(q.Stem), Answer: quiz.FieldsOf(&q)["答案"]}
		if q.Type == quiz.TrueFalse {
			row.Answer = trueFalseNames([]string{row.Answer}, s.pageTr(c))[0]
		}
		if q.Type == quiz.Single || q.Type == quiz.Multiple {
			for _, o := range q.Body.Options {
				row.Options = append(row.Options, safeHTML(o.Text))
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if rep != nil {
		d.ReportMsg = s.importMessage(c, rep)
	}
	return s.render(c, status, "quiz_bank", d)
}

func (s *Server) importMessage(c echo.Context, rep *quiz.ImportReport) string {
	switch {
	case rep.Skipped > 0:
		return s.tr(c, "quizimport.rest_done", rep.Imported, rep.Skipped)
	case len(rep.Problems) > 0:
		return s.tr(c, "quiz.import.rejected", len(rep.Problems), rep.Read)
	case rep.DryRun:
		return s.tr(c, "quiz.import.checked", rep.Read)
	}
	return s.tr(c, "quiz.import.done", rep.Imported)
}
