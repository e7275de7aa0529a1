package web

import (
	"net/http"
	"reflect"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/quiz"
)

// The question form has the columns of the Excel template, so a trainer
// fills the same fields on screen as in a spreadsheet.
var questionFormFields = map[string]string{
	"type": "题型", "stem": "题干", "optA": "选项A", "optB": "选项B", "optC": "选项C", "optD": "选项D",
	"optE": "选项E", "optF": "选项F", "optG": "选项G", "optH": "选项H", "answer": "答案",
	"explanation": "解析", "difficulty": "难度", "knowledge": "知识点", "tags": "标签",
}

type questionFormData struct {
	Notice
	Bank    *quiz.Bank
	ID      int64
	Fields  map[string]string
	Types   []quiz.Type
	Letters []string
	// Lossy: the question has weights or feedback the form cannot show;
	// saving it from here would drop them.
	Lossy bool
}

func (s *Server) questionForm(c echo.Context, status int, b *quiz.Bank, id int64, fields map[string]string, errMsg string) error {
	d := questionFormData{Bank: b, ID: id, Fields: fields, Types: quiz.Types,
		Letters: []string{"A", "B", "C", "D", "E", "F", "G", "H"}}
	d.Error = errMsg
	return s.render(c, status, "quiz_question", d)
}

func (s *Server) questionNewPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	b, err := s.Quiz.Bank(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		return err
	}
	return s.questionForm(c, http.StatusOK, b, 0, map[string]string{"题型": quiz.Single.Name(), "难度": "3"}, "")
}

func (s *Server) questionEditPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.viewer(c)
	q, err := s.Quiz.Question(ctx, v, id)
	if err != nil {
		return err
	}
	b, err := s.Quiz.Bank(ctx, v, q.BankID)
	if err != nil {
		return err
	}
	fields := quiz.FieldsOf(q)
	if again, err := quiz.QuestionFromFields(fields); err != nil || !reflect.DeepEqual(again.Body, q.Body) {
		d := questionFormData{Bank: b, ID: id, Fields: fields, Types: quiz.Types, Lossy: true,
			Letters: []string{"A", "B", "C", "D", "E", "F", "G", "H"}}
		return s.render(c, http.StatusOK, "quiz_question", d)
	}
	return s.questionForm(c, http.StatusOK, b, id, fields, "")
}

func formFields(c echo.Context) map[string]string {
	out := map[string]string{}
	for name, col := range questionFormFields {
		out[col] = c.FormValue(name)
	}
	return out
}

func (s *Server) questionCreateSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.saveQuestionForm(c, id, 0)
}

func (s *Server) questionUpdateSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	q, err := s.Quiz.Question(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		return err
	}
	return s.saveQuestionForm(c, q.BankID, id)
}

// saveQuestionForm keeps what the trainer typed when a field is wrong.
func (s *Server) saveQuestionForm(c echo.Context, bankID, id int64) error {
	ctx, v := c.Request().Context(), s.viewer(c)
	b, err := s.Quiz.Bank(ctx, v, bankID)
	if err != nil {
		return err
	}
	fields := formFields(c)
	q, err := quiz.QuestionFromFields(fields)
	if err == nil {
		q.ID, q.BankID = id, bankID
		_, err = s.Quiz.SaveQuestion(ctx, v, q)
	}
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		return s.questionForm(c, st, b, id, fields, msg)
	}
	return c.Redirect(http.StatusSeeOther, "/quiz/banks/"+strconv.FormatInt(bankID, 10)+"?ok=quiz_saved")
}

func (s *Server) questionDeleteSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.viewer(c)
	q, err := s.Quiz.Question(ctx, v, id)
	if err != nil {
		return err
	}
	if err := s.Quiz.DeleteQuestion(ctx, v, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/quiz/banks/"+strconv.FormatInt(q.BankID, 10)+"?ok=quiz_deleted")
}
