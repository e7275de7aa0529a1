package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/feedback"
	"lms/internal/apperr"
)

// feedbackRoutes registers the 意见建议 API. The author's routes name a
// message by the author's own link (:ref), the handlers' by its id (:fid):
// no request, and so no log line, carries both.
func (s *Server) feedbackRoutes(g *echo.Group) {
	g.GET("/feedback/targets", s.apiFeedbackTargets, requireLogin)
	g.POST("/feedback", s.apiFeedbackSubmit, requireLogin, authorRoute)
	g.GET("/feedback/mine", s.apiFeedbackMine, requireLogin, authorRoute)
	g.GET("/feedback/mine/:ref", s.apiFeedbackMineOne, requireLogin, authorRoute)
	g.POST("/feedback/mine/:ref/notes", s.apiFeedbackNote, requireLogin, authorRoute)
	g.POST("/feedback/mine/:ref/rating", s.apiFeedbackRate, requireLogin, authorRoute)
	g.GET("/feedback/mine/:ref/files/:fn", s.feedbackMineFile, requireLogin, authorRoute)
	g.GET("/feedback/inbox", s.apiFeedbackInbox, requireLogin)
	g.GET("/feedback/messages/:fid", s.apiFeedbackMessage, requireLogin)
	g.POST("/feedback/messages/:fid/accept", s.apiFeedbackStep("accept"), requireLogin)
	g.POST("/feedback/messages/:fid/reject", s.apiFeedbackStep("reject"), requireLogin)
	g.POST("/feedback/messages/:fid/reply", s.apiFeedbackStep("reply"), requireLogin)
	g.POST("/feedback/messages/:fid/close", s.apiFeedbackStep("close"), requireLogin)
	g.POST("/feedback/messages/:fid/publish", s.apiFeedbackPublish, requireLogin)
	g.GET("/feedback/messages/:fid/files/:fn", s.feedbackFile, requireLogin)
	g.GET("/feedback/public", s.apiFeedbackPublic, requireLogin)
	g.GET("/feedback/figures", s.apiFeedbackFigures, requireLogin)
	g.GET("/feedback/figures.xlsx", s.feedbackFiguresXLSX, requireLogin)
	g.GET("/feedback/settings/:funit", s.apiFeedbackSettings, requireLogin)
	g.PUT("/feedback/settings/:funit", s.apiFeedbackSetSettings, requireLogin)
}

// quietActorKey marks a request whose access-log line must not name the
// account: an author's own requests about their messages.
const quietActorKey = "quiet_actor"

// authorRoute keeps the author's account out of the access log of the
// routes that touch their messages. The client address stays (the
// operators' security needs it); handlers never read the access log.
func authorRoute(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(quietActorKey, true)
		return next(c)
	}
}

func quietActor(c echo.Context) bool { return c.Get(quietActorKey) == true }

func (s *Server) apiFeedbackTargets(c echo.Context) error {
	units, err := s.Feedback.Targets(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"units": units, "categories": feedback.Categories})
}

// apiFeedbackSubmit takes JSON, or a multipart form with up to five
// "files" (what the page sends).
func (s *Server) apiFeedbackSubmit(c echo.Context) error {
	var in feedback.NewMessage
	var err error
	if strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		in, err = s.feedbackForm(c)
	} else {
		err = bindJSON(c, &in)
	}
	if err != nil {
		return err
	}
	m, err := s.Feedback.Submit(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, m)
}

// feedbackForm reads a new message from a form.
func (s *Server) feedbackForm(c echo.Context) (feedback.NewMessage, error) {
	unit, _ := strconv.ParseInt(c.FormValue("unit_id"), 10, 64)
	in := feedback.NewMessage{UnitID: unit, Category: c.FormValue("category"), Body: c.FormValue("body"),
		Anonymous: c.FormValue("anonymous") == "on" || c.FormValue("anonymous") == "true"}
	form, err := c.MultipartForm()
	if err != nil {
		return in, nil
	}
	if len(form.File["files"]) > feedback.MaxFiles {
		return in, apperr.Invalidf("附件最多 %d 个", feedback.MaxFiles)
	}
	for _, fh := range form.File["files"] {
		if fh.Size > s.Feedback.MaxFileSize {
			return in, apperr.Invalidf("附件“%s”超过 %d MB", fh.Filename, s.Feedback.MaxFileSize>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return in, err
		}
		data, err := io.ReadAll(io.LimitReader(f, s.Feedback.MaxFileSize+1))
		f.Close()
		if err != nil {
			return in, err
		}
		in.Files = append(in.Files, feedback.Upload{Name: fh.Filename, Data: data})
	}
	return in, nil
}

func (s *Server) apiFeedbackMine(c echo.Context) error {
	list, err := s.Feedback.MyMessages(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"messages": list})
}

func (s *Server) apiFeedbackMineOne(c echo.Context) error {
	m, err := s.Feedback.Mine(c.Request().Context(), actorOf(c), c.Param("ref"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

type feedbackText struct {
	Text   string `json:"text"`
	Rating string `json:"rating"`
}

func (s *Server) apiFeedbackNote(c echo.Context) error {
	var in feedbackText
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Feedback.AddNote(c.Request().Context(), actorOf(c), c.Param("ref"), in.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (s *Server) apiFeedbackRate(c echo.Context) error {
	var in feedbackText
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Feedback.Rate(c.Request().Context(), actorOf(c), c.Param("ref"), in.Rating)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}
