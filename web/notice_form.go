package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/notice"
)

type noticeCtx = context.Context

// noticeForm is the publisher's form, kept as typed when it is refused.
type noticeForm struct {
	ID      int64
	In      notice.Input
	Expires string
	Units   map[int64]bool
	Roles   map[string]bool
}

type noticeFormData struct {
	Form        noticeForm
	Units       []unitOption
	Roles       []noticeRoleOption
	Attachments []notice.Attachment
	Error       string
	Flash       string
}

type noticeRoleOption struct{ Value, Label string }

var noticeRoles = []string{"learner", "trainer", "committee", "admin"}

func (s *Server) noticeNewPage(c echo.Context) error {
	return s.renderNoticeForm(c, http.StatusOK, 0, noticeForm{}, "")
}

func (s *Server) noticeEditPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return s.renderNoticeForm(c, http.StatusOK, id, noticeForm{}, "")
}

// renderNoticeForm shows the form for a new notice (id 0) or a draft;
// an empty f is filled from the draft.
func (s *Server) renderNoticeForm(c echo.Context, status int, id int64, f noticeForm, msg string) error {
	d := noticeFormData{Form: f, Error: msg, Flash: s.flash(c)}
	if id != 0 {
		n, err := s.Notice.Get(c.Request().Context(), s.noticeViewer(c), id)
		if err != nil {
			return err
		}
		if !n.Manage {
			return echo.ErrNotFound
		}
		if f.ID == 0 {
			d.Form = formOf(n)
		}
		d.Attachments = n.Attachments
	}
	_, units, err := s.unitOptions(c)
	if err != nil {
		return err
	}
	d.Units = units
	for _, r := range noticeRoles {
		d.Roles = append(d.Roles, noticeRoleOption{Value: r, Label: notice.RoleNames[r]})
	}
	return s.render(c, status, "notice_form", d)
}

func formOf(n *notice.View) noticeForm {
	f := noticeForm{ID: n.ID, In: notice.Input{Title: n.Title, BodyHTML: n.BodyHTML, UnitID: n.ScopeUnitID,
		UnitIDs: n.UnitIDs, Roles: n.Roles, Pinned: n.Pinned, MustRead: n.MustRead}, Units: map[int64]bool{}, Roles: map[string]bool{}}
	if n.ExpiresAt != nil {
		f.Expires = n.ExpiresAt.In(notice.China).Format("2006-01-02")
	}
	for _, u := range n.UnitIDs {
		f.Units[u] = true
	}
	for _, r := range n.Roles {
		f.Roles[r] = true
	}
	return f
}

// readNoticeForm reads the form's fields into an Input.
func readNoticeForm(c echo.Context) (noticeForm, error) {
	f := noticeForm{Expires: c.FormValue("expires"), Units: map[int64]bool{}, Roles: map[string]bool{}}
	f.In = notice.Input{Title: c.FormValue("title"), BodyHTML: c.FormValue("body"),
		Pinned: c.FormValue("pinned") == "1", MustRead: c.FormValue("must_read") == "1"}
	f.In.UnitID, _ = strconv.ParseInt(c.FormValue("unit_id"), 10, 64)
	form, _ := c.FormParams()
	for _, v := range form["unit_ids"] {
		id, err := parseID(v)
		if err != nil {
			return f, err
		}
		f.In.UnitIDs, f.Units[id] = append(f.In.UnitIDs, id), true
	}
	for _, r := range form["roles"] {
		f.In.Roles, f.Roles[r] = append(f.In.Roles, r), true
	}
	var err error
	f.In.ExpiresAt, err = endOfDay(f.Expires)
	return f, err
}

func (s *Server) noticeNewSubmit(c echo.Context) error {
	f, err := readNoticeForm(c)
	var n *notice.View
	if err == nil {
		n, err = s.Notice.Create(c.Request().Context(), s.noticeViewer(c), f.In)
	}
	if err != nil {
		return s.noticeFormError(c, 0, f, err)
	}
	return c.Redirect(http.StatusSeeOther, "/notices/"+strconv.FormatInt(n.ID, 10)+"/edit?ok=notice_saved")
}

func (s *Server) noticeEditSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, err := readNoticeForm(c)
	f.ID = id
	if err == nil {
		_, err = s.Notice.Update(c.Request().Context(), s.noticeViewer(c), id, f.In)
	}
	if err != nil {
		return s.noticeFormError(c, id, f, err)
	}
	return c.Redirect(http.StatusSeeOther, "/notices/"+strconv.FormatInt(id, 10)+"/edit?ok=notice_saved")
}

func (s *Server) noticeFormError(c echo.Context, id int64, f noticeForm, err error) error {
	st, msg, ok := s.inlineError(c, err)
	if !ok || st == http.StatusNotFound {
		return err
	}
	if f.ID == 0 {
		f.ID = -1 // keep what was typed
	}
	return s.renderNoticeForm(c, st, id, f, msg)
}
