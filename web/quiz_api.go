package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/quiz"
)

func (s *Server) apiQuizzes(c echo.Context) error {
	list, err := s.Quiz.Quizzes(c.Request().Context(), s.viewer(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"quizzes": list})
}

func (s *Server) apiQuizCreate(c echo.Context) error {
	var in quiz.Quiz
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	in.ID = 0
	z, err := s.Quiz.CreateQuiz(c.Request().Context(), s.viewer(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, z)
}

func (s *Server) apiQuizUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in quiz.Quiz
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	in.ID = id
	z, err := s.Quiz.UpdateQuiz(c.Request().Context(), s.viewer(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, z)
}

// apiQuiz: managers get the full settings; learners what a start page
// shows (draw rules and question ids stay on the server).
func (s *Server) apiQuiz(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.viewer(c)
	if z, err := s.Quiz.ManagedQuiz(ctx, v, id); err == nil {
		return c.JSON(http.StatusOK, z)
	}
	z, err := s.Quiz.TakeableQuiz(ctx, v, id)
	if err != nil {
		return err
	}
	z.Items, z.Rules = nil, nil
	mine, err := s.Quiz.MyAttempts(ctx, v, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"quiz": z, "attempts": mine})
}

func (s *Server) apiStart(c echo.Context) error {
	return byID(c, http.StatusCreated, s.viewer(c), s.Quiz.Start)
}

func (s *Server) apiAttempt(c echo.Context) error {
	return byID(c, http.StatusOK, s.viewer(c), s.Quiz.Attempt)
}

// apiSaveAnswer answers 200 only once the answer is committed.
func (s *Server) apiSaveAnswer(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	qid, err := idParam(c, "question_id")
	if err != nil {
		return err
	}
	var in quiz.AnswerInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	saved, err := s.Quiz.SaveAnswer(c.Request().Context(), s.viewer(c), id, qid, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, saved)
}

func (s *Server) apiSubmit(c echo.Context) error {
	return byID(c, http.StatusOK, s.viewer(c), s.Quiz.Submit)
}

func (s *Server) apiResults(c echo.Context) error {
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
	return c.JSON(http.StatusOK, map[string]any{"results": r, "names": names})
}

func (s *Server) apiGrade(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	qid, err := idParam(c, "question_id")
	if err != nil {
		return err
	}
	var in struct {
		Score *float64 `json:"score"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Score == nil {
		return quizInvalid("请填写得分")
	}
	if err := s.Quiz.GradeAnswer(c.Request().Context(), s.viewer(c), id, qid, *in.Score); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
