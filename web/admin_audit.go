package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
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
	Rows     []auditRow
	Action   string
	Person   string
	From, To string // the days typed, as typed
	Actions  []auditChoice
	Pager    pager
}

func (s *Server) auditPage(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	res, err := s.Org.AuditFiltered(c.Request().Context(), actorOf(c), f, page)
	if err != nil {
		return err
	}
	d := auditData{Action: f.Action, Person: f.Person, From: c.QueryParam("from"), To: c.QueryParam("to"),
		Pager: s.newPager(c, res.Page, res.More)}
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
		r.Detail = truncateRunes(s.detailText(c, e.Detail), 300)
	}
	return r
}

// auditFilter reads the page's filters; a day is a whole day on the
// platform's calendar.
func auditFilter(c echo.Context) (org.AuditFilter, error) {
	f := org.AuditFilter{Action: c.QueryParam("action"), Person: strings.TrimSpace(c.QueryParam("person"))}
	for _, d := range []struct {
		name string
		to   *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		v := strings.TrimSpace(c.QueryParam(d.name))
		if v == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", v, calendar.Zone)
		if err != nil {
			return f, apperr.Invalidf("日期“%s”无效，请写作 2026-01-31", v)
		}
		*d.to = t.AddDate(0, 0, d.add)
	}
	return f, nil
}

// detailText writes an event's details as "名称：值" pairs in key order,
// with the catalog's names for the keys it knows.
func (s *Server) detailText(c echo.Context, detail map[string]any) string {
	keys := make([]string, 0, len(detail))
	for k := range detail {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := detail[k]
		text, ok := v.(string)
		if !ok {
			text = compactJSON(v)
		}
		parts[i] = s.trOr(c, "audit.key."+k, k) + "：" + text
	}
	return strings.Join(parts, "；")
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
