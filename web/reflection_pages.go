package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"lms/internal/calendar"
	"lms/reflection"
)

func (s *Server) reflectionPageRoutes(g *echo.Group) {
	g.GET("/reflection", s.reflectionIndexPage)
	g.GET("/reflection/courses/:id", s.reflectionWritePage)
	g.POST("/reflection/courses/:id", s.reflectionWriteSubmit)
	g.GET("/reflection/courses/:id/rule", s.reflectionRulePage)
	g.POST("/reflection/courses/:id/rule", s.reflectionRuleSubmit)
	g.GET("/reflections/:id", s.reflectionViewPage)
	g.POST("/reflections/:id/review", s.reflectionReviewSubmit)
	g.POST("/reflections/:id/share", s.reflectionShareSubmit)
	g.GET("/reflection/report", s.reflectionReportPage)
}

// reflectionTZ is where dates are shown: the platform's cadres are in China.
var reflectionTZ = calendar.Zone

func reflectionTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(reflectionTZ).Format("2006-01-02 15:04")
}

type reflectionIndexData struct {
	Mine    []reflection.Owed
	Waiting []reflection.Item
	Shared  []reflection.Item
	Figures bool // the viewer oversees a subtree
}

func (s *Server) reflectionIndexPage(c echo.Context) error {
	ctx, a := c.Request().Context(), actorOf(c)
	d := reflectionIndexData{Figures: len(s.reflectionScopes(c)) > 0}
	var err error
	if d.Mine, err = s.Reflection.MyCourses(ctx, a); err != nil {
		return err
	}
	if d.Waiting, err = s.Reflection.Waiting(ctx, a); err != nil {
		return err
	}
	if d.Shared, err = s.Reflection.SharedWithMe(ctx, a); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "reflection_index", d)
}

type reflectionWriteData struct {
	Notice
	W       *reflection.Writing
	Body    string
	ShareOK bool
	Due     string
	Late    bool
	Events  []reflectionEvent
}

// reflectionEvent is a step of the thread as the page shows it.
type reflectionEvent struct {
	reflection.Event
	When string
	Pct  int // the share found elsewhere at a submission, in percent
}

func reflectionEvents(evs []reflection.Event) []reflectionEvent {
	out := make([]reflectionEvent, len(evs))
	for i, e := range evs {
		out[i] = reflectionEvent{Event: e, When: reflectionTime(&e.At), Pct: int(e.Overlap*100 + 0.5)}
	}
	return out
}

func (s *Server) reflectionWritePage(c echo.Context) error {
	return s.renderReflectionWrite(c, http.StatusOK, "", nil)
}

// renderReflectionWrite shows the learner's page; in, when given, is the
// text the learner just sent, shown back beside an error so none is lost.
func (s *Server) renderReflectionWrite(c echo.Context, status int, errMsg string, in *reflection.Input) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	w, err := s.Reflection.Mine(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	d := reflectionWriteData{W: w, Due: reflectionTime(w.DueAt), Events: reflectionEvents(w.Events)}
	if r := w.Reflection; r != nil {
		d.Body, d.ShareOK = r.Body, r.ShareOK
		d.Late = w.DueAt != nil && r.SubmittedAt != nil && r.SubmittedAt.After(*w.DueAt)
	}
	if in != nil {
		d.Body, d.ShareOK = in.Body, in.ShareOK
	}
	d.Error, d.Flash = errMsg, s.reflectionFlash(c)
	return s.render(c, status, "reflection_write", d)
}

// reflectionWriteSubmit is the page without JavaScript: it saves the
// text, and submits it when asked to.
func (s *Server) reflectionWriteSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actorOf(c)
	in := reflection.Input{Body: c.FormValue("body"), ShareOK: c.FormValue("share_ok") != ""}
	ok := "reflection_saved"
	if c.FormValue("action") == "submit" {
		_, err = s.Reflection.Submit(ctx, a, id, in)
		ok = "reflection_submitted"
	} else {
		_, err = s.Reflection.Save(ctx, a, id, in)
	}
	if err != nil {
		st, msg, inline := s.inlineError(c, err)
		if !inline || st == http.StatusNotFound {
			return err
		}
		return s.renderReflectionWrite(c, st, msg, &in)
	}
	return c.Redirect(http.StatusSeeOther, "/reflection/courses/"+strconv.FormatInt(id, 10)+"?ok="+ok)
}

// reflectionFlash translates ?ok=NAME from this feature's own catalog.
func (s *Server) reflectionFlash(c echo.Context) string {
	if v := c.QueryParam("ok"); v != "" {
		return s.trOr(c, "reflection.ok."+v, "")
	}
	return ""
}
