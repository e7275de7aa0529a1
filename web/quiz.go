package web

import (
	"io"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
	"lms/quiz"
)

// quizRoutes registers the quiz API and, under /quiz, its pages.
func (s *Server) quizRoutes(g *echo.Group) {
	g.GET("/banks", s.apiBanks, requireLogin)
	g.POST("/banks", s.apiBankCreate, requireLogin)
	g.GET("/banks/:id/questions", s.apiBankQuestions, requireLogin)
	g.POST("/banks/:id/questions", s.apiQuestionCreate, requireLogin)
	g.PUT("/questions/:id", s.apiQuestionUpdate, requireLogin)
	g.DELETE("/questions/:id", s.apiQuestionDelete, requireLogin)
	g.POST("/banks/:id/import", s.apiImport, requireLogin)
	g.GET("/banks/:id/imports", s.apiImports, requireLogin)
	g.GET("/banks/:id/export", s.quizExport, requireLogin)
	g.GET("/question-template", s.quizTemplate, requireLogin)
	g.POST("/question-images", s.quizImageUpload, requireLogin)
	g.GET("/quizzes", s.apiQuizzes, requireLogin)
	g.POST("/quizzes", s.apiQuizCreate, requireLogin)
	g.GET("/quizzes/:id", s.apiQuiz, requireLogin)
	g.PUT("/quizzes/:id", s.apiQuizUpdate, requireLogin)
	g.POST("/quizzes/:id/attempts", s.apiStart, requireLogin)
	g.GET("/quizzes/:id/results", s.apiResults, requireLogin)
	g.GET("/attempts/:id", s.apiAttempt, requireLogin)
	g.PUT("/attempts/:id/answers/:question_id", s.apiSaveAnswer, requireLogin)
	g.POST("/attempts/:id/submit", s.apiSubmit, requireLogin)
	g.PUT("/attempts/:id/grades/:question_id", s.apiGrade, requireLogin)
	s.quizPageRoutes()
}

// quizViewer describes the actor to the quiz package, which knows no roles.
func quizViewer(a *org.Actor) quiz.Viewer {
	return quiz.Viewer{UserID: a.UserID, UnitPath: a.UnitPath, System: a.System,
		Manager: org.Policy{}.CanBuildCourses(a),
		Scopes:  a.ScopePaths(org.RoleAdmin)}
}

func (s *Server) viewer(c echo.Context) quiz.Viewer { return quizViewer(actorOf(c)) }

func (s *Server) apiBanks(c echo.Context) error {
	banks, err := s.Quiz.Banks(c.Request().Context(), s.viewer(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"banks": banks})
}

func (s *Server) apiBankCreate(c echo.Context) error {
	var in quiz.BankInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	b, err := s.Quiz.CreateBank(c.Request().Context(), s.viewer(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, b)
}

func (s *Server) apiBankQuestions(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	p, err := s.Quiz.Questions(c.Request().Context(), s.viewer(c), id, c.QueryParam("q"), page)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiQuestionCreate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var q quiz.Question
	if err := bindJSON(c, &q); err != nil {
		return err
	}
	q.ID, q.BankID = 0, id
	out, err := s.Quiz.SaveQuestion(c.Request().Context(), s.viewer(c), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) apiQuestionUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var q quiz.Question
	if err := bindJSON(c, &q); err != nil {
		return err
	}
	q.ID = id
	out, err := s.Quiz.SaveQuestion(c.Request().Context(), s.viewer(c), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiQuestionDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Quiz.DeleteQuestion(c.Request().Context(), s.viewer(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

const maxQuestionFile = 20 << 20

// questionFile reads the uploaded file (multipart field "file", or the raw
// body) and its format (?format=, else guessed from the name and content).
func questionFile(c echo.Context) (string, []byte, error) {
	format, _, data, err := questionFileNamed(c)
	return format, data, err
}

// questionFileNamed is questionFile with the uploaded file's name.
func questionFileNamed(c echo.Context) (string, string, []byte, error) {
	name, data, err := uploadedQuestionFile(c)
	if err != nil {
		return "", "", nil, err
	}
	if len(data) == 0 {
		return "", "", nil, apperr.Invalidf("请选择要导入的文件")
	}
	format := c.QueryParam("format")
	if format == "" {
		format = c.FormValue("format")
	}
	if format == "" || format == "auto" {
		format = quiz.DetectFormat(name, data)
	}
	return format, name, data, nil
}

func uploadedQuestionFile(c echo.Context) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		data, err := io.ReadAll(io.LimitReader(c.Request().Body, maxQuestionFile))
		return "", data, err
	}
	if fh.Size > maxQuestionFile {
		return "", nil, apperr.Invalidf("文件过大（最大 20 MB）")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxQuestionFile))
	return fh.Filename, data, err
}

// quizExport sends a bank as a GIFT or Excel file; the page and the API
// share it.
func (s *Server) quizExport(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	format := c.QueryParam("format")
	data, err := s.Quiz.Export(c.Request().Context(), s.viewer(c), id, format)
	if err != nil {
		return err
	}
	if format == quiz.FormatXLSX {
		attachment(c, "bank-"+c.Param("id")+".xlsx", "题库-"+c.Param("id")+".xlsx")
		return c.Blob(http.StatusOK, xlsxType, data)
	}
	attachment(c, "bank-"+c.Param("id")+".gift.txt", "题库-"+c.Param("id")+".gift.txt")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", data)
}

func attachment(c echo.Context, ascii, utf string) {
	c.Response().Header().Set(echo.HeaderContentDisposition,
		`attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(utf))
}

func (s *Server) quizTemplate(c echo.Context) error {
	data, err := quiz.ExcelTemplate()
	if err != nil {
		return err
	}
	attachment(c, "question-template.xlsx", "题库导入模板.xlsx")
	return c.Blob(http.StatusOK, xlsxType, data)
}
