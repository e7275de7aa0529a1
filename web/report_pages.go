package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"lms/internal/calendar"
	"lms/report"
	"lms/training"
)

func (s *Server) reportPageRoutes() {
	mw := []echo.MiddlewareFunc{requireLogin, s.mustChangePassword}
	s.e.GET("/reports", s.reportDashboardPage, mw...)
	s.e.GET("/reports/courses", s.reportCoursesPage, mw...)
	s.e.GET("/reports/people", s.reportPeoplePage, mw...)
	s.e.GET("/reports/people/:id", s.reportPersonPage, mw...)
}

// chinaTZ: study years and dates are China's; China keeps one offset.
var chinaTZ = calendar.Zone

// reportPage is what every report page gets: the query, the filters to
// offer, and formatting helpers for the figures.
type reportPage struct {
	Q       report.Query
	Scope   report.Scope
	Options *report.Options
	Years   []int
	Tab     string
}

// Link is the URL of a report page for another unit, keeping the year and
// the course filter.
func (p *reportPage) Link(path string, org int64) string {
	v := url.Values{}
	if org != 0 {
		v.Set("org", strconv.FormatInt(org, 10))
	}
	v.Set("year", strconv.Itoa(p.Q.Year))
	if p.Q.CourseID != 0 && path != "/reports/people" {
		v.Set("course", strconv.FormatInt(p.Q.CourseID, 10))
	}
	if p.Q.Category != "" && path != "/reports/people" {
		v.Set("category", p.Q.Category)
	}
	return path + "?" + v.Encode()
}

// Export is the download URL of a view of this page's scope and filters.
func (p *reportPage) Export(view, format string) string {
	return p.Link("/api/v1/reports/"+view+"."+format, p.Scope.Unit.ID)
}

// PersonLink opens a person's transcript of the year.
func (p *reportPage) PersonLink(id int64) string {
	return fmt.Sprintf("/reports/people/%d?year=%d", id, p.Q.Year)
}

// Pct shows a rate (0..1) as a percentage; no data is a dash.
func (p *reportPage) Pct(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v*100, 'f', 1, 64) + "%"
}

// Num shows a figure without trailing zeros.
func (p *reportPage) Num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Opt shows an optional figure.
func (p *reportPage) Opt(v *float64) string {
	if v == nil {
		return "–"
	}
	return p.Num(*v)
}

// Val is a figure as the sortable tables compare it (no data sorts first).
func (p *reportPage) Val(v *float64) string {
	if v == nil {
		return "-1"
	}
	return p.Num(*v)
}

// Day shows a date in China time.
func (p *reportPage) Day(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return t.In(chinaTZ).Format("2006-01-02")
}

// DayOf shows a date in China time.
func (p *reportPage) DayOf(t time.Time) string { return p.Day(&t) }

// Passed marks a quiz result.
func (p *reportPage) Passed(v *bool) string {
	switch {
	case v == nil:
		return ""
	case *v:
		return " ✓"
	}
	return " ✗"
}

// reportPageFor reads the query and the filters offered for its year.
func (s *Server) reportPageFor(c echo.Context, tab string) (*reportPage, error) {
	q, err := reportQuery(c)
	if err != nil {
		return nil, err
	}
	opts, err := s.Report.Options(c.Request().Context(), actorOf(c), q.Year)
	if err != nil {
		return nil, err
	}
	p := &reportPage{Q: q, Options: opts, Tab: tab}
	now := time.Now().In(chinaTZ).Year()
	for y := now; y >= now-4; y-- {
		p.Years = append(p.Years, y)
	}
	if q.Year > now || q.Year < now-4 {
		p.Years = append(p.Years, q.Year)
	}
	return p, nil
}

// chartData is one chart for report.js: its kind, labels, values and
// the name of the series, all shown as given.
type chartData struct {
	Kind   string    `json:"kind"` // bar, hbar, line, pie
	Labels []string  `json:"labels"`
	Values []float64 `json:"values"`
	Series string    `json:"series"`
	Unit   string    `json:"unit,omitempty"`
}

func chartJSON(d chartData) string {
	b, _ := json.Marshal(d)
	return string(b)
}

type dashboardData struct {
	*reportPage
	Report                       *report.UnitsReport
	Charts                       *report.Charts
	UnitChart, TrendChart        string
	BucketChart, BehindChart     string
	BucketLabels                 []string
	HasFigures, HasTrend, Narrow bool
	// Classes are the subtree's 专题班 of the year, from training.
	Classes []training.ClassFigures
}

func (s *Server) reportDashboardPage(c echo.Context) error {
	p, err := s.reportPageFor(c, "units")
	if err != nil {
		return err
	}
	r, charts, err := s.Report.Dashboard(c.Request().Context(), actorOf(c), p.Q)
	if err != nil {
		return err
	}
	p.Scope = r.Scope
	d := &dashboardData{reportPage: p, Report: r, Charts: charts,
		HasFigures: r.Total.Enrolled > 0 || r.Total.OfflineHours != 0,
		HasTrend:   len(charts.Trend) > 0, Narrow: p.Q.CourseID != 0 || p.Q.Category != ""}
	s.dashboardCharts(c, d)
	if s.Training != nil {
		// The report has checked the scope; training checks it again.
		if d.Classes, err = s.Training.ClassesUnder(c.Request().Context(), actorOf(c), r.Unit.Path, p.Q.Year); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "report_dashboard", d)
}

func (s *Server) dashboardCharts(c echo.Context, d *dashboardData) {
	t := func(k string) string { return s.t(c, k) }
	units := chartData{Kind: "bar", Series: t("report.completion_rate"), Unit: "%"}
	for _, row := range d.Report.Rows {
		if row.CompletionRate != nil {
			units.Labels, units.Values = append(units.Labels, row.Name), append(units.Values, *row.CompletionRate*100)
		}
	}
	trend := chartData{Kind: "line", Series: t("report.completions")}
	for _, m := range d.Charts.Trend {
		trend.Labels, trend.Values = append(trend.Labels, m.Month.Format("2006-01")), append(trend.Values, float64(m.Completed))
	}
	buckets := chartData{Kind: "pie", Series: t("report.people")}
	for _, b := range d.Charts.Buckets {
		label := t(fmt.Sprintf("report.bucket.%d", b.Bucket))
		d.BucketLabels = append(d.BucketLabels, label)
		buckets.Labels, buckets.Values = append(buckets.Labels, label), append(buckets.Values, float64(b.People))
	}
	behind := chartData{Kind: "hbar", Series: t("report.completion_rate"), Unit: "%"}
	for _, b := range d.Charts.Behind {
		behind.Labels, behind.Values = append(behind.Labels, b.Name), append(behind.Values, *b.CompletionRate*100)
	}
	d.UnitChart, d.TrendChart, d.BucketChart, d.BehindChart =
		chartJSON(units), chartJSON(trend), chartJSON(buckets), chartJSON(behind)
}

type coursesData struct {
	*reportPage
	Report *report.CoursesReport
}

func (s *Server) reportCoursesPage(c echo.Context) error {
	p, err := s.reportPageFor(c, "courses")
	if err != nil {
		return err
	}
	r, err := s.Report.Courses(c.Request().Context(), actorOf(c), p.Q)
	if err != nil {
		return err
	}
	p.Scope = r.Scope
	return s.render(c, http.StatusOK, "report_courses", &coursesData{reportPage: p, Report: r})
}

type peopleData struct {
	*reportPage
	Page     *report.PeoplePage
	Pager    pager
	Statuses []string
}

// SortLink sorts the people list by key, the other way round when it is
// sorted by key already.
func (d *peopleData) SortLink(key string) string {
	v := url.Values{"org": {strconv.FormatInt(d.Scope.Unit.ID, 10)}, "year": {strconv.Itoa(d.Q.Year)},
		"sort": {key}, "status": {d.Q.Status}, "q": {d.Q.Search}}
	if d.Q.Sort == key && !d.Q.Desc {
		v.Set("desc", "1")
	}
	return "/reports/people?" + v.Encode()
}

// SortMark shows which way the list is sorted by key.
func (d *peopleData) SortMark(key string) string {
	switch {
	case d.Q.Sort != key:
		return ""
	case d.Q.Desc:
		return " ▼"
	}
	return " ▲"
}

// PeopleExport is the download of the people list with its filters.
func (d *peopleData) PeopleExport(format string) string {
	v := url.Values{"org": {strconv.FormatInt(d.Scope.Unit.ID, 10)}, "year": {strconv.Itoa(d.Q.Year)},
		"status": {d.Q.Status}, "q": {d.Q.Search}}
	return "/api/v1/reports/people." + format + "?" + v.Encode()
}

func (s *Server) reportPeoplePage(c echo.Context) error {
	p, err := s.reportPageFor(c, "people")
	if err != nil {
		return err
	}
	r, err := s.Report.People(c.Request().Context(), actorOf(c), p.Q)
	if err != nil {
		return err
	}
	p.Scope = r.Scope
	d := &peopleData{reportPage: p, Page: r, Pager: s.newPager(c, r.Page, int64(r.Page*r.PerPage) < r.Total),
		Statuses: []string{report.StatusAll, report.StatusIncomplete, report.StatusOverdue, report.StatusBelow,
			report.StatusNotStarted, report.StatusCompleted, report.StatusNone}}
	return s.render(c, http.StatusOK, "report_people", d)
}

type personData struct {
	*reportPage
	Record *report.Transcript
}

func (s *Server) reportPersonPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := s.reportPageFor(c, "people")
	if err != nil {
		return err
	}
	t, err := s.Report.Person(c.Request().Context(), actorOf(c), id, p.Q.Year)
	if err != nil {
		return err
	}
	if len(t.Trail) > 0 {
		p.Scope = report.Scope{Unit: t.Trail[len(t.Trail)-1], Trail: t.Trail}
	}
	return s.render(c, http.StatusOK, "report_person", &personData{reportPage: p, Record: t})
}
