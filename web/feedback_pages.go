package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"lms/feedback"
	"lms/internal/calendar"
)

func (s *Server) feedbackPageRoutes(g *echo.Group) {
	g.GET("/feedback", s.feedbackIndexPage, authorRoute)
	g.POST("/feedback", s.feedbackSubmitPage, authorRoute)
	g.GET("/feedback/mine/:ref", s.feedbackMinePage, authorRoute)
	g.POST("/feedback/mine/:ref/notes", s.feedbackAuthorPost("notes"), authorRoute)
	g.POST("/feedback/mine/:ref/rating", s.feedbackAuthorPost("rating"), authorRoute)
	g.GET("/feedback/mine/:ref/files/:fn", s.feedbackMineFile, authorRoute)
	g.GET("/feedback/public", s.feedbackPublicPage)
	s.feedbackHandlerPageRoutes(g)
}

type feedbackIndexData struct {
	Notice
	Targets    []feedback.Unit
	Mine       []*feedback.Message
	Handler    bool
	Categories []string
	MaxFiles   int
	Form       feedback.NewMessage
}

func (s *Server) feedbackIndexPage(c echo.Context) error {
	return s.renderFeedbackIndex(c, http.StatusOK, Notice{Flash: s.flash(c)}, feedback.NewMessage{Category: "opinion"})
}

// renderFeedbackIndex shows the form (again, with what was written, after
// a refusal) and the member's own messages.
func (s *Server) renderFeedbackIndex(c echo.Context, status int, n Notice, form feedback.NewMessage) error {
	ctx, a := c.Request().Context(), actorOf(c)
	targets, err := s.Feedback.Targets(ctx, a)
	if err != nil {
		return err
	}
	mine, err := s.Feedback.MyMessages(ctx, a)
	if err != nil {
		return err
	}
	if form.UnitID == 0 && len(targets) > 0 {
		form.UnitID = targets[len(targets)-1].ID // one's own unit
	}
	return s.render(c, status, "feedback_index", feedbackIndexData{Notice: n, Targets: targets, Mine: mine,
		Handler: feedback.IsHandler(a), Categories: feedback.Categories, MaxFiles: feedback.MaxFiles, Form: form})
}

func (s *Server) feedbackSubmitPage(c echo.Context) error {
	in, err := s.feedbackForm(c)
	var m *feedback.Message
	if err == nil {
		m, err = s.Feedback.Submit(c.Request().Context(), actorOf(c), in)
	}
	if err != nil {
		return s.pageError(c, err, func(status int, msg string) error {
			in.Files = nil
			return s.renderFeedbackIndex(c, status, Notice{Error: msg}, in)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/feedback/mine/"+m.Ref+"?ok=feedback_sent")
}

// pageError shows a refusal on the page it came from; anything worse goes
// to the error page.
func (s *Server) pageError(c echo.Context, err error, again func(status int, msg string) error) error {
	if st, _, msg := s.toPublic(c, err); st < 500 && st != http.StatusNotFound {
		return again(st, msg)
	}
	return err
}

type feedbackMessageData struct {
	Notice
	M        *feedback.Message
	Ratings  []string
	FileBase string
}

func (s *Server) feedbackMinePage(c echo.Context) error {
	return s.renderFeedbackMine(c, http.StatusOK, Notice{Flash: s.flash(c)})
}

func (s *Server) renderFeedbackMine(c echo.Context, status int, n Notice) error {
	m, err := s.Feedback.Mine(c.Request().Context(), actorOf(c), c.Param("ref"))
	if err != nil {
		return err
	}
	return s.render(c, status, "feedback_mine", feedbackMessageData{Notice: n, M: m, Ratings: feedback.Ratings,
		FileBase: "/feedback/mine/" + m.Ref + "/files"})
}

// feedbackAuthorPost adds the author's note or rating, then shows the
// message again.
func (s *Server) feedbackAuthorPost(what string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, a, ref := c.Request().Context(), actorOf(c), c.Param("ref")
		var err error
		if what == "notes" {
			_, err = s.Feedback.AddNote(ctx, a, ref, c.FormValue("text"))
		} else {
			_, err = s.Feedback.Rate(ctx, a, ref, c.FormValue("rating"))
		}
		if err != nil {
			return s.pageError(c, err, func(status int, msg string) error {
				return s.renderFeedbackMine(c, status, Notice{Error: msg})
			})
		}
		return c.Redirect(http.StatusSeeOther, "/feedback/mine/"+ref+"?ok=feedback_saved")
	}
}

type feedbackPublicData struct{ List []feedback.Public }

// Day is a publication's date in China time.
func (feedbackPublicData) Day(t time.Time) string { return t.In(chinaZone).Format("2006-01-02") }

var chinaZone = calendar.Zone

func (s *Server) feedbackPublicPage(c echo.Context) error {
	list, err := s.Feedback.PublicAnswers(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "feedback_public", feedbackPublicData{List: list})
}

type feedbackFiguresData struct{ List []feedback.UnitFigures }

// Pct writes a share as a percentage.
func (feedbackFiguresData) Pct(v *float64) string { return fmt.Sprintf("%.1f%%", *v*100) }

// Num writes a number of days to one decimal.
func (feedbackFiguresData) Num(v *float64) string { return strconv.FormatFloat(*v, 'f', 1, 64) }

func (s *Server) feedbackFiguresPage(c echo.Context) error {
	figs, err := s.Feedback.Figures(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "feedback_figures", feedbackFiguresData{List: figs})
}
