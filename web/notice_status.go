package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/notice"
)

type noticeStatusData struct {
	Status    *notice.Status
	People    []notice.Person
	State     string
	Reminders []notice.Reminder
	Pager     pager
	Flash     string
	Error     string
}

// noticeStatusPage is the publisher's 阅读情况: by unit under ?unit=, the
// people of that subtree (?state=unread narrows them), export and remind.
func (s *Server) noticeStatusPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return s.renderStatus(c, id, http.StatusOK, "")
}

func (s *Server) renderStatus(c echo.Context, id int64, status int, msg string) error {
	unit, err := unitQuery(c)
	if err != nil {
		return err
	}
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.noticeViewer(c)
	d := noticeStatusData{State: c.QueryParam("state"), Flash: s.flash(c), Error: msg}
	if d.Status, err = s.Notice.Status(ctx, v, id, unit); err != nil {
		return err
	}
	var more bool
	if d.People, more, err = s.Notice.People(ctx, v, id, unit, d.State, page); err != nil {
		return err
	}
	if d.Reminders, err = s.Notice.Reminders(ctx, v, id); err != nil {
		return err
	}
	d.Pager = s.newPager(c, page, more)
	return s.render(c, status, "notice_status", d)
}
