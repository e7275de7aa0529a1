package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/org"
	"lms/quiz"
)

type resultsData struct {
	R       *quiz.Results
	Names   map[int64]string
	Hardest []hardRow
	Chart   string
	Labels  []string
}

type hardRow struct {
	quiz.QuestionStat
	StemHTML template.HTML
	Percent  float64
}

// learnerNames looks up the display names of the learners in rows.
func (s *Server) learnerNames(c echo.Context, rows []quiz.AttemptRow) (map[int64]string, error) {
	names := map[int64]string{}
	for _, r := range rows {
		if _, ok := names[r.UserID]; ok {
			continue
		}
		// The trainer may not browse accounts, but sees who took their quiz.
		u, err := s.Org.User(c.Request().Context(), org.System(), r.UserID)
		if err != nil {
			return nil, err
		}
		names[r.UserID] = u.DisplayName + "（" + u.UnitName + "）"
	}
	return names, nil
}

func (s *Server) resultsPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.Quiz.Results(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		return err
	}
	names, err := s.learnerNames(c, r.Rows)
	if err != nil {
		return err
	}
	d := resultsData{R: r, Names: names}
	for _, h := range r.Hardest {
		d.Hardest = append(d.Hardest, hardRow{QuestionStat: h, StemHTML: safeHTML(h.Stem), Percent: h.CorrectRate * 100})
	}
	d.Labels = []string{"0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90-100"}
	chart, _ := json.Marshal(map[string]any{"buckets": r.Buckets, "labels": d.Labels,
		"name": s.tr(c, "quiz.results.attempts")})
	d.Chart = string(chart)
	return s.render(c, http.StatusOK, "quiz_results", d)
}

type reviewData struct {
	Notice
	View      *quiz.AttemptView
	Questions []pageQuestion
	Learner   string
}

func (s *Server) reviewPage(c echo.Context) error {
	return s.renderReview(c, http.StatusOK, "")
}

func (s *Server) renderReview(c echo.Context, status int, errMsg string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := s.Quiz.TrainerAttempt(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		return err
	}
	names, err := s.learnerNames(c, []quiz.AttemptRow{{UserID: v.UserID}})
	if err != nil {
		return err
	}
	d := reviewData{View: v, Questions: pageQuestions(v, s.pageTr(c)), Learner: names[v.UserID]}
	d.Error, d.Flash = errMsg, s.flash(c)
	return s.render(c, status, "quiz_review", d)
}

func (s *Server) gradeSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	qid, err := strconv.ParseInt(c.FormValue("question_id"), 10, 64)
	if err != nil {
		return quizInvalid("题目编号无效")
	}
	score, err := strconv.ParseFloat(c.FormValue("score"), 64)
	if err == nil {
		err = s.Quiz.GradeAnswer(c.Request().Context(), s.viewer(c), id, qid, score)
	} else {
		err = quizInvalid(s.tr(c, "quiz.review.bad_score"))
	}
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		return s.renderReview(c, st, msg)
	}
	return c.Redirect(http.StatusSeeOther, "/quiz/attempts/"+c.Param("id")+"/review?ok=quiz_graded")
}
