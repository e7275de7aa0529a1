package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/feedback"
	"lms/org"
)

func (s *Server) apiFeedbackInbox(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	list, more, err := s.Feedback.Inbox(c.Request().Context(), actorOf(c), feedback.InboxFilter{State: c.QueryParam("state"), Page: page})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"messages": list, "more": more})
}

func (s *Server) apiFeedbackMessage(c echo.Context) error {
	m, err := s.Feedback.Message(c.Request().Context(), actorOf(c), c.Param("fid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

// feedbackStep is a handler's action by name; text is the reason or the
// answer where the step takes one.
func (s *Server) feedbackStep(ctx context.Context, a *org.Actor, step, id, text string) (*feedback.Message, error) {
	switch step {
	case "accept":
		return s.Feedback.Accept(ctx, a, id)
	case "reject":
		return s.Feedback.Reject(ctx, a, id, text)
	case "reply":
		return s.Feedback.Reply(ctx, a, id, text)
	}
	return s.Feedback.Close(ctx, a, id)
}

func (s *Server) apiFeedbackStep(step string) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in feedbackText
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		m, err := s.feedbackStep(c.Request().Context(), actorOf(c), step, c.Param("fid"), in.Text)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, m)
	}
}

func (s *Server) apiFeedbackPublish(c echo.Context) error {
	var in feedback.PublicInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Feedback.Publish(c.Request().Context(), actorOf(c), c.Param("fid"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (s *Server) apiFeedbackPublic(c echo.Context) error {
	list, err := s.Feedback.PublicAnswers(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"answers": list})
}

func (s *Server) apiFeedbackFigures(c echo.Context) error {
	figs, err := s.Feedback.Figures(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"units": figs})
}

func (s *Server) apiFeedbackSettings(c echo.Context) error {
	id, err := idParam(c, "funit")
	if err != nil {
		return err
	}
	st, err := s.Feedback.Settings(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) apiFeedbackSetSettings(c echo.Context) error {
	return idAndBodyParam(c, "funit", func(ctx context.Context, id int64, in feedback.Settings) (any, error) {
		return s.Feedback.SetSettings(ctx, actorOf(c), id, in)
	})
}

// idAndBodyParam reads a numeric path parameter and a JSON body.
func idAndBodyParam[In any](c echo.Context, name string, fn func(context.Context, int64, In) (any, error)) error {
	id, err := idParam(c, name)
	if err != nil {
		return err
	}
	var in In
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := fn(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// feedbackFile serves an attachment to a handler of its message.
func (s *Server) feedbackFile(c echo.Context) error {
	n, _ := strconv.Atoi(c.Param("fn"))
	f, r, err := s.Feedback.File(c.Request().Context(), actorOf(c), c.Param("fid"), n)
	return s.sendFeedbackFile(c, f, r, err)
}

// feedbackMineFile serves an attachment to the author.
func (s *Server) feedbackMineFile(c echo.Context) error {
	n, _ := strconv.Atoi(c.Param("fn"))
	f, r, err := s.Feedback.MineFile(c.Request().Context(), actorOf(c), c.Param("ref"), n)
	return s.sendFeedbackFile(c, f, r, err)
}

// sendFeedbackFile shows PDFs and images in the browser, offers Word
// files as downloads; the sniffed type is the one sent.
func (s *Server) sendFeedbackFile(c echo.Context, f *feedback.File, r io.ReadCloser, err error) error {
	if err != nil {
		return err
	}
	defer r.Close()
	disp := "inline"
	if f.ContentType != "application/pdf" && f.ContentType != "image/png" && f.ContentType != "image/jpeg" {
		disp = "attachment"
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", disp+"; filename*=UTF-8''"+urlPathEscape(f.Name))
	h.Set("Cache-Control", "private, no-store")
	return c.Stream(http.StatusOK, f.ContentType, r)
}
