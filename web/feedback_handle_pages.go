package web

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"lms/feedback"
)

func (s *Server) feedbackHandlerPageRoutes(g *echo.Group) {
	g.GET("/feedback/inbox", s.feedbackInboxPage)
	g.GET("/feedback/messages/:fid", s.feedbackMessagePage)
	for _, step := range []string{"accept", "reject", "reply", "close", "publish"} {
		g.POST("/feedback/messages/:fid/"+step, s.feedbackStepPage(step))
	}
	g.GET("/feedback/messages/:fid/files/:fn", s.feedbackFile)
	g.GET("/feedback/figures", s.feedbackFiguresPage)
	g.GET("/feedback/figures.xlsx", s.feedbackFiguresXLSX)
	g.GET("/feedback/settings/:funit", s.feedbackSettingsPage)
	g.POST("/feedback/settings/:funit", s.feedbackSettingsSubmit)
}

type feedbackInboxData struct {
	Notice
	List   []*feedback.Message
	States []string
	State  string
	Pager  pager
}

// Excerpt is the start of a message, for the list.
func (feedbackInboxData) Excerpt(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

func (s *Server) feedbackInboxPage(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	state := c.QueryParam("state")
	list, more, err := s.Feedback.Inbox(c.Request().Context(), actorOf(c), feedback.InboxFilter{State: state, Page: page})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "feedback_inbox", feedbackInboxData{Notice: Notice{Flash: s.flash(c)}, List: list,
		States: []string{feedback.Pending, feedback.Accepted, feedback.Answered, feedback.Closed, feedback.Rejected},
		State:  state, Pager: s.newPager(c, max(page, 1), more)})
}

func (s *Server) feedbackMessagePage(c echo.Context) error {
	return s.renderFeedbackMessage(c, http.StatusOK, Notice{Flash: s.flash(c)})
}

func (s *Server) renderFeedbackMessage(c echo.Context, status int, n Notice) error {
	m, err := s.Feedback.Message(c.Request().Context(), actorOf(c), c.Param("fid"))
	if err != nil {
		return err
	}
	return s.render(c, status, "feedback_message", feedbackMessageData{Notice: n, M: m,
		FileBase: "/feedback/messages/" + m.ID + "/files"})
}

// feedbackStepPage runs a handler's action from its form.
func (s *Server) feedbackStepPage(step string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, a, id := c.Request().Context(), actorOf(c), c.Param("fid")
		var err error
		if step == "publish" {
			_, err = s.Feedback.Publish(ctx, a, id, feedback.PublicInput{Question: c.FormValue("question"), Answer: c.FormValue("answer")})
		} else {
			_, err = s.feedbackStep(ctx, a, step, id, c.FormValue("text"))
		}
		if err != nil {
			return s.pageError(c, err, func(status int, msg string) error {
				return s.renderFeedbackMessage(c, status, Notice{Error: msg})
			})
		}
		return c.Redirect(http.StatusSeeOther, "/feedback/messages/"+id+"?ok=feedback_saved")
	}
}

type feedbackSettingsData struct {
	Notice
	S        feedback.Settings
	UnitName string
}

func (s *Server) feedbackSettingsPage(c echo.Context) error {
	id, err := idParam(c, "funit")
	if err != nil {
		return err
	}
	st, err := s.Feedback.Settings(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "feedback_settings", feedbackSettingsData{Notice: Notice{Flash: s.flash(c)}, S: st, UnitName: st.UnitName})
}

func (s *Server) feedbackSettingsSubmit(c echo.Context) error {
	id, err := idParam(c, "funit")
	if err != nil {
		return err
	}
	accept, _ := strconv.Atoi(c.FormValue("accept_days"))
	answer, _ := strconv.Atoi(c.FormValue("answer_days"))
	in := feedback.Settings{AcceptDays: accept, AnswerDays: answer}
	if _, err := s.Feedback.SetSettings(c.Request().Context(), actorOf(c), id, in); err != nil {
		return s.pageError(c, err, func(status int, msg string) error {
			in.UnitID = id
			return s.render(c, status, "feedback_settings", feedbackSettingsData{Notice: Notice{Error: msg}, S: in})
		})
	}
	return c.Redirect(http.StatusSeeOther, "/feedback/settings/"+strconv.FormatInt(id, 10)+"?ok=feedback_saved")
}
