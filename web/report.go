package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"lms/report"
)

// reportRoutes registers the completion reports: the JSON API (each view
// also as .xlsx and .csv) and the committee pages.
func (s *Server) reportRoutes(api *echo.Group) {
	for _, view := range []string{report.ViewUnits, report.ViewCourses, report.ViewPeople} {
		api.GET("/reports/"+view+".xlsx", s.reportDownload(view, "xlsx"), requireLogin)
		api.GET("/reports/"+view+".csv", s.reportDownload(view, "csv"), requireLogin)
	}
	api.GET("/reports/all.xlsx", s.reportDownload(report.ViewAll, "xlsx"), requireLogin)
	api.GET("/reports/units", s.apiReportUnits, requireLogin)
	api.GET("/reports/courses", s.apiReportCourses, requireLogin)
	api.GET("/reports/people", s.apiReportPeople, requireLogin)
	api.GET("/reports/people/:id", s.apiReportPerson, requireLogin)
	api.GET("/reports/charts", s.apiReportCharts, requireLogin)
	s.reportPageRoutes()
}

// reportQuery reads a report's parameters; a malformed one answers 400.
func reportQuery(c echo.Context) (report.Query, error) {
	return report.ParseQuery(c.QueryParams(), time.Now())
}

func (s *Server) apiReportUnits(c echo.Context) error {
	q, err := reportQuery(c)
	if err != nil {
		return err
	}
	r, err := s.Report.Units(c.Request().Context(), actorOf(c), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiReportCourses(c echo.Context) error {
	q, err := reportQuery(c)
	if err != nil {
		return err
	}
	r, err := s.Report.Courses(c.Request().Context(), actorOf(c), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiReportPeople(c echo.Context) error {
	q, err := reportQuery(c)
	if err != nil {
		return err
	}
	r, err := s.Report.People(c.Request().Context(), actorOf(c), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiReportPerson(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	q, err := reportQuery(c)
	if err != nil {
		return err
	}
	t, err := s.Report.Person(c.Request().Context(), actorOf(c), id, q.Year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) apiReportCharts(c echo.Context) error {
	q, err := reportQuery(c)
	if err != nil {
		return err
	}
	_, charts, err := s.Report.Dashboard(c.Request().Context(), actorOf(c), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, charts)
}

var downloadTypes = map[string]string{
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"csv":  "text/csv; charset=utf-8",
}

// reportDownload streams a view as a file. Access and parameters are
// checked before the first byte.
func (s *Server) reportDownload(view, format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		q, err := reportQuery(c)
		if err != nil {
			return err
		}
		e, err := s.Report.Export(c.Request().Context(), actorOf(c), view, q)
		if err != nil {
			return err
		}
		return s.sendExport(c, e, format, fmt.Sprintf("report-%s-%d", view, q.Year), report.SheetRows)
	}
}

// sendExport writes an export as a download named ascii (and e.Name for
// browsers that read UTF-8 names); an xlsx sheet holds sheetRows rows.
// A failure before the first byte is answered with its error status; one
// after it aborts the response (see download.abort).
func (s *Server) sendExport(c echo.Context, e *report.Export, format, ascii string, sheetRows int) error {
	d := newDownload(c, func(h http.Header) {
		h.Set("Content-Type", downloadTypes[format])
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"%s.%s\"; filename*=UTF-8''%s",
			ascii, format, urlPathEscape(e.Name+"."+format)))
		h.Set("Cache-Control", "no-store")
	})
	ctx := c.Request().Context()
	var err error
	if format == "csv" {
		err = report.WriteCSV(ctx, d, e, d.Flush)
	} else {
		err = report.WriteXLSX(ctx, d, e, sheetRows)
	}
	return d.finish(s.Log, err)
}

// statusClientClosed is nginx's 499: the client went away before the answer.
const statusClientClosed = 499
