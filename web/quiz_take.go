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

func (s *Server) quizTakePageRoutes(g *echo.Group) {
	g.GET("/quizzes/:id", s.quizPage)
	g.POST("/quizzes/:id/start", s.startSubmit)
	g.GET("/attempts/:id", s.attemptPage)
	g.POST("/attempts/:id", s.attemptSubmit)
}

type quizPageData struct {
	Notice
	Quiz     *quiz.Quiz
	Manager  bool
	Attempts []quiz.Attempt
	CanStart bool
}

func (s *Server) quizPage(c echo.Context) error {
	return s.renderQuizPage(c, http.StatusOK, "")
}

func (s *Server) renderQuizPage(c echo.Context, status int, errMsg string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.viewer(c)
	d := quizPageData{}
	if z, err := s.Quiz.ManagedQuiz(ctx, v, id); err == nil {
		d.Quiz, d.Manager = z, true
	} else if d.Quiz, err = s.Quiz.TakeableQuiz(ctx, v, id); err != nil {
		return err
	}
	if d.Attempts, err = s.Quiz.MyAttempts(ctx, v, id); err != nil {
		return err
	}
	d.CanStart = d.Quiz.MaxAttempts == 0 || len(d.Attempts) < d.Quiz.MaxAttempts ||
		len(d.Attempts) > 0 && d.Attempts[len(d.Attempts)-1].SubmittedAt == nil
	d.Error, d.Flash = errMsg, s.flash(c)
	return s.render(c, status, "quiz_start", d)
}

func (s *Server) startSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := s.Quiz.Start(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok || st == http.StatusNotFound {
			return err
		}
		return s.renderQuizPage(c, st, msg)
	}
	return c.Redirect(http.StatusSeeOther, "/quiz/attempts/"+strconv.FormatInt(v.ID, 10))
}

// pageQuestion is a question ready for the template: sanitised HTML
// marked safe, options with their displayed index.
type pageQuestion struct {
	quiz.ViewQuestion
	StemHTML template.HTML
	Opts     []pageOption
	Values   []string // the texts answered, one per blank (at least one)
	Matches  []pageMatch
	Answered bool
	// After submission, when answers are shown:
	Got             string
	Wrong           bool
	ExplanationHTML template.HTML
}

type pageOption struct {
	Index   int
	HTML    template.HTML
	Checked bool
	Correct bool
}

// pageQuestions prepares the attempt's questions; tr names a true/false
// question's two options in the page's language (they are stored in Chinese).
func pageQuestions(v *quiz.AttemptView, tr func(string, ...any) string) []pageQuestion {
	out := make([]pageQuestion, 0, len(v.Questions))
	for _, q := range v.Questions {
		if q.Type == quiz.TrueFalse {
			q.Options = trueFalseNames(q.Options, tr)
		}
		pq := pageQuestion{ViewQuestion: q, StemHTML: safeHTML(q.Stem), Answered: q.Saved}
		if q.Type == quiz.Match {
			pq.Matches = pageMatches(q)
			q.Options = nil // shown per prompt, not as a list
		}
		for i, o := range q.Options {
			po := pageOption{Index: i, HTML: safeHTML(o), Checked: containsInt(q.Choices, i)}
			if q.Review != nil {
				po.Correct = containsInt(q.Review.Correct, i)
			}
			pq.Opts = append(pq.Opts, po)
		}
		if r := q.Review; r != nil {
			pq.ExplanationHTML = safeHTML(r.Explanation)
			if r.Score != nil {
				pq.Got, pq.Wrong = strconv.FormatFloat(*r.Score, 'f', -1, 64), *r.Score == 0
			}
		}
		pq.Values = make([]string, max(q.Blanks, 1, len(q.Texts)))
		copy(pq.Values, q.Texts)
		out = append(out, pq)
	}
	return out
}

// trueFalseNames translates 正确 and 错误, in whatever order they are shown.
func trueFalseNames(opts []string, tr func(string, ...any) string) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		switch o {
		case "正确":
			o = tr("quiz.tf.true")
		case "错误":
			o = tr("quiz.tf.false")
		}
		out[i] = o
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

type attemptData struct {
	Notice
	View        *quiz.AttemptView
	Questions   []pageQuestion
	MinutesLeft int
}

func (s *Server) attemptPage(c echo.Context) error {
	return s.renderAttempt(c, http.StatusOK, "")
}

func (s *Server) renderAttempt(c echo.Context, status int, errMsg string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := s.Quiz.Attempt(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		return err
	}
	d := attemptData{View: v, Questions: pageQuestions(v, s.pageTr(c)), MinutesLeft: (v.Remaining + 59) / 60}
	d.Error, d.Flash = errMsg, s.flash(c)
	if v.SubmittedAt != nil {
		return s.render(c, status, "quiz_result", d)
	}
	return s.render(c, status, "quiz_attempt", d)
}

// attemptSubmit is the page without JavaScript: it saves every answer of
// the form, then submits when asked to.
func (s *Server) attemptSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, viewer := c.Request().Context(), s.viewer(c)
	v, err := s.Quiz.Attempt(ctx, viewer, id)
	if err != nil {
		return err
	}
	if v.SubmittedAt == nil {
		err = s.saveForm(c, v)
	}
	if err == nil && c.FormValue("action") == "submit" {
		_, err = s.Quiz.Submit(ctx, viewer, id)
	}
	if err != nil && !apperr.Is(err, apperr.Conflict) {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		return s.renderAttempt(c, st, msg)
	}
	// A conflict means the attempt closed meanwhile: show the result.
	if c.FormValue("action") == "submit" || err != nil {
		return c.Redirect(http.StatusSeeOther, "/quiz/attempts/"+c.Param("id"))
	}
	return c.Redirect(http.StatusSeeOther, "/quiz/attempts/"+c.Param("id")+"?ok=quiz_answers_saved")
}

func (s *Server) saveForm(c echo.Context, v *quiz.AttemptView) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	for _, q := range v.Questions {
		key := "q" + strconv.FormatInt(q.ID, 10)
		in := quiz.AnswerInput{Flagged: form.Get("flag"+strconv.FormatInt(q.ID, 10)) != ""}
		switch q.Type {
		case quiz.Single, quiz.Multiple, quiz.TrueFalse, quiz.Match:
			for _, x := range form[key] {
				if n, err := strconv.Atoi(x); err == nil {
					in.Choices = append(in.Choices, n)
				}
			}
		default:
			in.Texts = form[key]
		}
		if !changed(q, in) {
			continue
		}
		if _, err := s.Quiz.SaveAnswer(c.Request().Context(), s.viewer(c), v.ID, q.ID, in); err != nil {
			return err
		}
	}
	return nil
}

// changed skips writing answers the form sends back untouched.
func changed(q quiz.ViewQuestion, in quiz.AnswerInput) bool {
	if q.Flagged != in.Flagged || len(q.Choices) != len(in.Choices) {
		return true
	}
	for i := range in.Choices {
		if q.Choices[i] != in.Choices[i] {
			return true
		}
	}
	return strings.Join(q.Texts, "\x00") != strings.Join(in.Texts, "\x00") &&
		!(len(q.Texts) == 0 && strings.Join(in.Texts, "") == "")
}
