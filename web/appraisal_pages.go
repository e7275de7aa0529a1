package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
	"lms/org"
)

func (s *Server) appraisalPageRoutes() {
	g := s.e.Group("/appraisals", requireLogin, s.mustChangePassword)
	g.GET("", s.appraisalIndexPage)
	g.GET("/new", s.appraisalNewPage)
	g.POST("", s.appraisalCreateSubmit)
	g.GET("/:id", s.appraisalCampaignPage)
	g.POST("/:id/close", s.appraisalAction("closed"))
	g.POST("/:id/remind", s.appraisalAction("reminded"))
	g.POST("/:id/release", s.appraisalAction("released"))
	g.POST("/:id/thresholds", s.appraisalAction("thresholds"))
	g.GET("/:id/export", s.appraisalExport)
	g.GET("/:id/targets/:target", s.appraisalTargetPage)
	g.POST("/:id/targets/:target/followup", s.appraisalFollowUpSubmit)
	g.GET("/:id/targets/:target/answer", s.appraisalAnswerPage)
	g.POST("/:id/targets/:target/review", s.appraisalReviewPage)
	g.POST("/:id/targets/:target/submit", s.appraisalSubmit)
}

// appraisalFlash translates ?ok=NAME from the appraisal catalog.
func (s *Server) appraisalFlash(c echo.Context) string {
	if v := c.QueryParam("ok"); v != "" {
		if msg, ok := s.views.catalogs[s.lang(c)]["appraisal.ok."+v]; ok {
			return msg
		}
	}
	return ""
}

type appraisalIndexData struct {
	Notice
	apView
	Todo, Results []appraisal.Assignment
	Manager       bool
	Campaigns     []appraisal.Campaign
}

func (s *Server) appraisalIndexPage(c echo.Context) error {
	ctx, a := c.Request().Context(), actorOf(c)
	d := appraisalIndexData{Notice: Notice{Flash: s.appraisalFlash(c)}, Manager: appraisal.CanCreate(a)}
	var err error
	if d.Todo, d.Results, err = s.Appraisal.MyAssignments(ctx, a); err != nil {
		return err
	}
	if d.Manager {
		if d.Campaigns, err = s.Appraisal.Campaigns(ctx, a); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "appraisal_index", d)
}

type appraisalCampaignData struct {
	Notice
	apView
	P       *appraisal.Progress
	Results *appraisal.Results
	Rates   map[int64]appraisal.Rate
}

// Total is the whole campaign's response rate.
func (d appraisalCampaignData) Total() appraisal.Rate {
	return appraisal.Rate{Asked: d.P.Asked, Answered: d.P.Answered}
}

func (s *Server) appraisalCampaignPage(c echo.Context) error {
	return s.renderCampaign(c, http.StatusOK, Notice{Flash: s.appraisalFlash(c)})
}

func (s *Server) renderCampaign(c echo.Context, status int, n Notice) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actorOf(c)
	p, err := s.Appraisal.Progress(ctx, a, id)
	if err != nil {
		return err
	}
	d := appraisalCampaignData{Notice: n, P: p, Rates: map[int64]appraisal.Rate{}}
	for _, r := range p.ByTarget {
		d.Rates[r.TargetID] = r
	}
	if p.State == "closed" {
		if d.Results, err = s.Appraisal.Results(ctx, a, id); err != nil {
			return err
		}
	}
	return s.render(c, status, "appraisal_campaign", d)
}

// appraisalAction runs one of the campaign page's buttons, then shows the
// page again with what happened.
func (s *Server) appraisalAction(name string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		if err := s.runAppraisalAction(c, name, id); err != nil {
			if st, msg, ok := s.inlineError(c, err); ok && st != http.StatusNotFound {
				return s.renderCampaign(c, st, Notice{Error: msg})
			}
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/appraisals/"+strconv.FormatInt(id, 10)+"?ok="+name)
	}
}

func (s *Server) runAppraisalAction(c echo.Context, name string, id int64) error {
	ctx, a := c.Request().Context(), actorOf(c)
	var err error
	switch name {
	case "closed":
		_, err = s.Appraisal.Close(ctx, a, id)
	case "reminded":
		_, err = s.Appraisal.Remind(ctx, a, id)
	case "released":
		_, err = s.Appraisal.Release(ctx, a, id, c.FormValue("released") != "0")
	case "thresholds":
		var pct, score float64
		if pct, err = formNumber(c, "talk_dissatisfied"); err == nil {
			if score, err = formNumber(c, "talk_score"); err == nil {
				_, err = s.Appraisal.SetThresholds(ctx, a, id, pct/100, score)
			}
		}
	}
	return err
}

type appraisalTargetData struct {
	Notice
	apView
	Campaign *appraisal.Campaign
	R        *appraisal.TargetResult
	Manager  bool
}

func (s *Server) appraisalTargetPage(c echo.Context) error {
	return s.renderTarget(c, http.StatusOK, Notice{Flash: s.appraisalFlash(c)})
}

func (s *Server) renderTarget(c echo.Context, status int, n Notice) error {
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	a := actorOf(c)
	camp, r, err := s.Appraisal.TargetDetail(c.Request().Context(), a, id, tid)
	if err != nil {
		return err
	}
	manager := org.Policy{}.CanViewUnit(a, camp.UnitPath)
	return s.render(c, status, "appraisal_target", appraisalTargetData{Notice: n, Campaign: camp, R: r, Manager: manager})
}

func (s *Server) appraisalFollowUpSubmit(c echo.Context) error {
	id, tid, err := campaignTarget(c)
	if err != nil {
		return err
	}
	f := appraisal.FollowUp{Requirement: c.FormValue("requirement"), Progress: c.FormValue("progress")}
	if f.TalkedOn, err = formDate(c, "talked_on"); err == nil {
		_, err = s.Appraisal.SaveFollowUp(c.Request().Context(), actorOf(c), id, tid, f)
	}
	if err != nil {
		if st, msg, ok := s.inlineError(c, err); ok && st != http.StatusNotFound {
			return s.renderTarget(c, st, Notice{Error: msg})
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, c.Request().URL.Path[:len(c.Request().URL.Path)-len("/followup")]+"?ok=followup")
}
