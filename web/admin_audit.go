package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/calendar"
	"lms/org"
)

// auditActions are the actions the filter offers, in the order people think
// of them; each has a catalog key "audit.<action>".
var auditActions = []string{
	"login", "login.failed", "logout",
	"user.create", "user.update", "user.roles", "user.password_reset", "user.password_change",
	"unit.create", "unit.rename", "unit.move", "import.users", "token.create", "assignment.withdraw",
}

type auditRow struct {
	At     string
	Actor  string
	Action string
	Target string
	IP     string
	Detail string
}

type auditChoice struct {
	Value string
	Label string
}

type auditData struct {
	Rows    []auditRow
	Action  string
	Actions []auditChoice
	Pager   pager
}

func (s *Server) auditPage(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	action := c.QueryParam("action")
	res, err := s.Org.Audit(c.Request().Context(), actorOf(c), action, page)
	if err != nil {
		return err
	}
	d := auditData{Action: action, Pager: s.newPager(c, res.Page, res.More)}
	for _, a := range auditActions {
		d.Actions = append(d.Actions, auditChoice{Value: a, Label: s.actionLabel(c, a)})
	}
	for _, e := range res.Events {
		d.Rows = append(d.Rows, s.auditRow(c, e))
	}
	return s.render(c, http.StatusOK, "admin_audit", d)
}

// actionLabel translates an action; one the catalog lacks shows as is.
func (s *Server) actionLabel(c echo.Context, action string) string {
	return s.trOr(c, "audit."+action, action)
}

func (s *Server) auditRow(c echo.Context, e org.AuditEvent) auditRow {
	r := auditRow{At: calendar.In(e.At).Format("2006-01-02 15:04:05"), Actor: e.ActorName,
		Action: s.actionLabel(c, e.Action), Target: e.TargetName, IP: e.IP}
	if len(e.Detail) > 0 {
		r.Detail = truncateRunes(compactJSON(e.Detail), 300)
	}
	return r
}

// compactJSON writes v on one line, leaving < > & as they are: the
// template escapes them for HTML.
func compactJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSpace(b.String())
}

func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
