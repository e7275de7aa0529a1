package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/notice"
)

// noticePageRoutes registers the pages of 通知公告: the reader's list and
// notice, the publisher's form, and the read status of a 必读 notice.
func (s *Server) noticePageRoutes(g *echo.Group) {
	if s.Notice == nil {
		return
	}
	g.GET("/notices", s.noticesPage)
	g.GET("/notices/manage", s.noticesManagePage)
	g.GET("/notices/new", s.noticeNewPage)
	g.POST("/notices/new", s.noticeNewSubmit)
	g.GET("/notices/:id", s.noticePage)
	g.GET("/notices/:id/edit", s.noticeEditPage)
	g.POST("/notices/:id/edit", s.noticeEditSubmit)
	g.POST("/notices/:id/publish", s.noticeStep(s.Notice.Publish, "notice_published"))
	g.POST("/notices/:id/withdraw", s.noticeStep(s.Notice.Withdraw, "notice_withdrawn"))
	g.POST("/notices/:id/remind", s.noticeRemindSubmit)
	g.POST("/notices/:id/attachments", s.noticeAttachSubmit)
	g.POST("/notices/:id/attachments/:aid/delete", s.noticeDetachSubmit)
	g.GET("/notices/:id/attachments/:aid", s.noticeAttachment)
	g.GET("/notices/:id/status", s.noticeStatusPage)
	g.GET("/notices/:id/export", s.noticeExport)
}

type noticesData struct {
	Notices   []notice.Item
	Manage    bool // the list of the notices the viewer manages
	Publishes bool
	Flash     string
	Pager     pager
}

func (s *Server) noticesPage(c echo.Context) error { return s.noticeList(c, false) }

func (s *Server) noticesManagePage(c echo.Context) error { return s.noticeList(c, true) }

func (s *Server) noticeList(c echo.Context, manage bool) error {
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.noticeViewer(c)
	var list []notice.Item
	var more bool
	if manage {
		list, more, err = s.Notice.Managed(ctx, v, page)
	} else {
		list, more, err = s.Notice.Mine(ctx, v, page)
	}
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "notice_list", noticesData{Notices: list, Manage: manage, Publishes: v.Publishes(),
		Flash: s.flash(c), Pager: s.newPager(c, page, more)})
}

// noticePage shows a notice; a reader's opening is recorded as 已读 before
// the page is sent.
func (s *Server) noticePage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	n, err := s.Notice.Open(c.Request().Context(), s.noticeViewer(c), id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "notice_page", map[string]any{"N": n, "Body": safeHTML(n.BodyHTML),
		"Flash": s.flash(c)})
}

// noticeStep is a publisher's button: publish or withdraw, then back to
// the notice.
func (s *Server) noticeStep(step func(ctx noticeCtx, v notice.Viewer, id int64) (*notice.View, error), ok string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		if _, err := step(c.Request().Context(), s.noticeViewer(c), id); err != nil {
			return s.noticeBack(c, id, err)
		}
		return c.Redirect(http.StatusSeeOther, "/notices/"+strconv.FormatInt(id, 10)+"?ok="+ok)
	}
}

// noticeBack shows a refusal on the notice's page; an error that is not
// the user's to fix goes to the error page.
func (s *Server) noticeBack(c echo.Context, id int64, err error) error {
	st, msg, ok := s.inlineError(c, err)
	if !ok || st == http.StatusNotFound {
		return err
	}
	n, gerr := s.Notice.Get(c.Request().Context(), s.noticeViewer(c), id)
	if gerr != nil {
		return gerr
	}
	return s.render(c, st, "notice_page", map[string]any{"N": n, "Body": safeHTML(n.BodyHTML), "Error": msg})
}

func (s *Server) noticeRemindSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.Notice.Remind(c.Request().Context(), s.noticeViewer(c), id); err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok || st == http.StatusNotFound {
			return err
		}
		return s.renderStatus(c, id, st, msg)
	}
	return c.Redirect(http.StatusSeeOther, "/notices/"+strconv.FormatInt(id, 10)+"/status?ok=notice_reminded")
}

func (s *Server) noticeAttachSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.noticeAttach(c); err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok || st == http.StatusNotFound {
			return err
		}
		return s.renderNoticeForm(c, st, id, noticeForm{}, msg)
	}
	return c.Redirect(http.StatusSeeOther, "/notices/"+strconv.FormatInt(id, 10)+"/edit?ok=notice_attached")
}

func (s *Server) noticeDetachSubmit(c echo.Context) error {
	id, aid, err := noticeAttachmentIDs(c)
	if err != nil {
		return err
	}
	if err := s.Notice.Detach(c.Request().Context(), s.noticeViewer(c), id, aid); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notices/"+strconv.FormatInt(id, 10)+"/edit")
}

// homeNotices are the notices of the home page; a failure must not fail
// the page, so it is logged and shown as none.
func (s *Server) homeNotices(c echo.Context) []notice.Item {
	if s.Notice == nil || actorOf(c) == nil {
		return nil
	}
	list, err := s.Notice.Home(c.Request().Context(), s.noticeViewer(c), 5)
	if err != nil {
		s.Log.WarnContext(c.Request().Context(), "home notices", "err", err)
	}
	return list
}

// noticeUnread is the notices' part of the count under the bell.
func (s *Server) noticeUnread(c echo.Context) int {
	if s.Notice == nil || actorOf(c) == nil {
		return 0
	}
	n, err := s.Notice.UnreadCount(c.Request().Context(), s.noticeViewer(c))
	if err != nil {
		s.Log.WarnContext(c.Request().Context(), "notice unread count", "err", err)
	}
	return n
}

// bellNotices are the unread notices shown on the bell's page.
func (s *Server) bellNotices(c echo.Context) []notice.Item {
	if s.Notice == nil {
		return nil
	}
	list, err := s.Notice.Unread(c.Request().Context(), s.noticeViewer(c), 50)
	if err != nil {
		s.Log.WarnContext(c.Request().Context(), "bell notices", "err", err)
	}
	return list
}

// endOfDay reads a date of the form as the end of that day in China.
func endOfDay(v string) (*time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, notice.China)
	if err != nil {
		return nil, apperr.Invalidf("截止日期格式应为 年-月-日")
	}
	t := d.Add(24*time.Hour - time.Second)
	return &t, nil
}
