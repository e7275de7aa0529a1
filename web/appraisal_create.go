package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
	"lms/internal/apperr"
)

func (s *Server) appraisalCreateSubmit(c echo.Context) error {
	in, saveAs, err := campaignFromForm(c)
	if err == nil {
		err = s.addExtraRespondents(c, in.Targets)
	}
	if err == nil && saveAs != "" {
		_, err = s.Appraisal.SaveTemplate(c.Request().Context(), actorOf(c),
			appraisal.TemplateInput{Name: saveAs, UnitID: in.UnitID, Form: *in.Form})
	}
	var camp *appraisal.Campaign
	if err == nil {
		camp, err = s.Appraisal.CreateCampaign(c.Request().Context(), actorOf(c), in)
	}
	if err != nil {
		if st, msg, ok := s.inlineError(c, err); ok {
			return s.renderNew(c, st, in.TemplateID, Notice{Error: msg})
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/appraisals/"+strconv.FormatInt(camp.ID, 10)+"?ok=created")
}

// campaignFromForm reads the new-campaign form; saveAs names a template
// to keep the form as.
func campaignFromForm(c echo.Context) (appraisal.CampaignInput, string, error) {
	var in appraisal.CampaignInput
	in.Title = c.FormValue("title")
	in.UnitID, _ = strconv.ParseInt(c.FormValue("scope"), 10, 64)
	in.TemplateID, _ = strconv.ParseInt(c.FormValue("template_id"), 10, 64)
	f, err := formFromText(c.FormValue("indicators"), c.FormValue("scale"))
	if err != nil {
		return in, "", err
	}
	in.Form, in.TemplateID = &f, 0
	if in.OpensAt, in.ClosesAt, err = campaignDays(c); err != nil {
		return in, "", err
	}
	pct, err := formNumber(c, "talk_dissatisfied")
	if err != nil {
		return in, "", err
	}
	score, err := formNumber(c, "talk_score")
	if err != nil {
		return in, "", err
	}
	pct /= 100
	in.TalkDissatisfied, in.TalkScore = &pct, &score
	in.Targets, err = targetsFromForm(c)
	return in, strings.TrimSpace(c.FormValue("save_as")), err
}

// formFromText reads "名称 权重" and "档次 分值" lines.
func formFromText(indicators, scale string) (appraisal.Form, error) {
	f := appraisal.Form{}
	for _, line := range lines(indicators) {
		name, n, err := nameNumber(line)
		if err != nil {
			return f, err
		}
		f.Indicators = append(f.Indicators, appraisal.Indicator{Name: name, Weight: int(n)})
	}
	for _, line := range lines(scale) {
		name, n, err := nameNumber(line)
		if err != nil {
			return f, err
		}
		f.Scale = append(f.Scale, appraisal.Step{Label: name, Points: n})
	}
	return f, f.Validate()
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func nameNumber(line string) (string, float64, error) {
	i := strings.LastIndexAny(line, " \t　")
	if i < 0 {
		return "", 0, apperr.Invalidf("“%s”应为“名称 数字”", line)
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(line[i:]), 64)
	if err != nil {
		return "", 0, apperr.Invalidf("“%s”应为“名称 数字”", line)
	}
	return strings.TrimSpace(line[:i]), n, nil
}

// campaignDays: from the start of the opening day to the end of the
// closing day, in China.
func campaignDays(c echo.Context) (time.Time, time.Time, error) {
	o, err1 := time.ParseInLocation("2006-01-02", c.FormValue("opens"), chinaTZ)
	cl, err2 := time.ParseInLocation("2006-01-02", c.FormValue("closes"), chinaTZ)
	if err1 != nil || err2 != nil {
		return o, cl, apperr.Invalidf("请填写开始和截止日期")
	}
	return o, cl.Add(24*time.Hour - time.Second), nil
}

func targetsFromForm(c echo.Context) ([]appraisal.TargetInput, error) {
	form, err := c.FormParams()
	if err != nil {
		return nil, err
	}
	var out []appraisal.TargetInput
	for _, raw := range form["unit"] {
		unit, err := parseID(raw)
		if err != nil {
			return nil, err
		}
		who, _ := strconv.ParseInt(form.Get("target_"+raw), 10, 64)
		if who > 0 {
			out = append(out, appraisal.TargetInput{UserID: who, RespondentUnits: []int64{unit}})
		} else {
			out = append(out, appraisal.TargetInput{UnitID: unit})
		}
	}
	return out, nil
}

func formNumber(c echo.Context, name string) (float64, error) {
	n, err := strconv.ParseFloat(strings.TrimSpace(c.FormValue(name)), 64)
	if err != nil {
		return 0, apperr.Invalidf("约谈标准须为数字（%s）", name)
	}
	return n, nil
}

func formDate(c echo.Context, name string) (*time.Time, error) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return nil, apperr.Invalidf("日期“%s”无效", v)
	}
	return &t, nil
}

// addExtraRespondents adds the people named in "extra" (account names, one
// per line or separated by spaces or commas: staff outside the branches,
// who have accounts) as respondents of every target. A target that names
// no respondent units keeps its own unit's members beside them.
func (s *Server) addExtraRespondents(c echo.Context, targets []appraisal.TargetInput) error {
	names := strings.FieldsFunc(c.FormValue("extra"), func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || unicode.IsSpace(r)
	})
	if len(names) == 0 {
		return nil
	}
	ids, err := s.Org.UserIDsByUsername(c.Request().Context(), names)
	if err != nil {
		return err
	}
	var extra []int64
	for _, n := range names {
		id, ok := ids[strings.ToLower(n)]
		if !ok {
			return apperr.Invalidf("账号“%s”不存在或已停用", n)
		}
		extra = append(extra, id)
	}
	for i := range targets {
		t := &targets[i]
		if len(t.RespondentUnits) == 0 {
			t.RespondentUnits = []int64{t.UnitID}
		}
		t.RespondentUsers = append(t.RespondentUsers, extra...)
	}
	return nil
}
