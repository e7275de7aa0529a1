package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
)

// appraisalAnswerData is the respondent's form, or its review before
// 确认提交. Chosen holds the answers so far (-1: not chosen).
type appraisalAnswerData struct {
	Notice
	apView
	V       *appraisal.AnswerView
	Steps   []int
	Grade   int
	Comment string
	Rows    []answerRow
}

// answerRow is one indicator with the step chosen for it.
type answerRow struct {
	N      int
	Name   string
	Weight int
	Chosen int
	Label  string
}

func (s *Server) appraisalAnswerPage(c echo.Context) error {
	return s.renderAnswer(c, http.StatusOK, "appraisal_answer", appraisal.BallotInput{Grade: -1}, Notice{})
}

func (s *Server) renderAnswer(c echo.Context, status int, page string, b appraisal.BallotInput, n Notice) error {
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	v, err := s.Appraisal.ForAnswer(c.Request().Context(), actorOf(c), id, tid)
	if err != nil {
		return err
	}
	d := appraisalAnswerData{Notice: n, V: v, Grade: b.Grade, Comment: b.Comment}
	for i, in := range v.Campaign.Form.Indicators {
		r := answerRow{N: i, Name: in.Name, Weight: in.Weight, Chosen: -1}
		if i < len(b.Steps) && b.Steps[i] >= 0 && b.Steps[i] < len(v.Campaign.Form.Scale) {
			r.Chosen, r.Label = b.Steps[i], v.Campaign.Form.Scale[b.Steps[i]].Label
		}
		d.Rows = append(d.Rows, r)
		d.Steps = append(d.Steps, r.Chosen)
	}
	return s.render(c, status, page, d)
}

// ballotFrom reads s0, s1, … (the step of each indicator), grade and
// comment; what is missing stays -1 for the domain to refuse.
func ballotFrom(v url.Values) appraisal.BallotInput {
	b := appraisal.BallotInput{Grade: -1, Comment: v.Get("comment")}
	for i := 0; i < 20; i++ {
		raw, ok := v["s"+strconv.Itoa(i)]
		if !ok {
			if _, later := v["s"+strconv.Itoa(i+1)]; !later {
				break
			}
		}
		n := -1
		if ok {
			if x, err := strconv.Atoi(raw[0]); err == nil {
				n = x
			}
		}
		b.Steps = append(b.Steps, n)
	}
	if g, err := strconv.Atoi(v.Get("grade")); err == nil {
		b.Grade = g
	}
	return b
}

// appraisalReviewPage shows the answers for a last look, or the form again
// with what is missing.
func (s *Server) appraisalReviewPage(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	b := ballotFrom(form)
	if form.Get("edit") != "" { // 返回修改: the form again, filled in
		return s.renderAnswer(c, http.StatusOK, "appraisal_answer", b, Notice{})
	}
	if _, err := s.Appraisal.Check(c.Request().Context(), actorOf(c), id, tid, b); err != nil {
		return s.answerError(c, b, err)
	}
	return s.renderAnswer(c, http.StatusOK, "appraisal_review", b, Notice{})
}

func (s *Server) answerError(c echo.Context, b appraisal.BallotInput, err error) error {
	if st, msg, ok := s.inlineError(c, err); ok && st != http.StatusNotFound {
		return s.renderAnswer(c, st, "appraisal_answer", b, Notice{Error: msg})
	}
	return err
}

func (s *Server) appraisalSubmit(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	b := ballotFrom(form)
	if err := s.Appraisal.Submit(c.Request().Context(), actorOf(c), id, tid, b); err != nil {
		return s.answerError(c, b, err)
	}
	return c.Redirect(http.StatusSeeOther, "/appraisals?ok=submitted")
}
