package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/notice"
	"lms/org"
)

// noticeRoutes registers the 通知公告 API; the notice service applies
// notice/policy.go to each call.
func (s *Server) noticeRoutes(g *echo.Group) {
	if s.Notice == nil {
		return
	}
	g.GET("/notices", s.apiNotices, requireLogin)
	g.POST("/notices", s.apiNoticeCreate, requireLogin)
	g.GET("/notices/:id", s.apiNotice, requireLogin)
	g.PATCH("/notices/:id", s.apiNoticeUpdate, requireLogin)
	g.POST("/notices/:id/read", s.apiNoticeRead, requireLogin)
	g.POST("/notices/:id/publish", s.apiNoticePublish, requireLogin)
	g.POST("/notices/:id/withdraw", s.apiNoticeWithdraw, requireLogin)
	g.POST("/notices/:id/attachments", s.apiNoticeAttach, requireLogin)
	g.GET("/notices/:id/attachments/:aid", s.noticeAttachment, requireLogin)
	g.DELETE("/notices/:id/attachments/:aid", s.apiNoticeDetach, requireLogin)
	g.GET("/notices/:id/status", s.apiNoticeStatus, requireLogin)
	g.GET("/notices/:id/people", s.apiNoticePeople, requireLogin)
	g.GET("/notices/:id/export", s.noticeExport, requireLogin)
	g.POST("/notices/:id/remind", s.apiNoticeRemind, requireLogin)
	g.GET("/notices/:id/reminders", s.apiNoticeReminders, requireLogin)
}

// noticeViewer describes the actor to the notice package, which knows no
// roles: every role held, and the subtrees where they publish.
func noticeViewer(a *org.Actor) notice.Viewer { return notice.ViewerOf(a) }

func (s *Server) noticeViewer(c echo.Context) notice.Viewer { return noticeViewer(actorOf(c)) }

func (s *Server) apiNotices(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	ctx, v := c.Request().Context(), s.noticeViewer(c)
	var list []notice.Item
	var more bool
	if c.QueryParam("scope") == "manage" {
		list, more, err = s.Notice.Managed(ctx, v, page)
	} else {
		list, more, err = s.Notice.Mine(ctx, v, page)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"notices": nonNilItems(list), "more": more})
}

func nonNilItems(l []notice.Item) []notice.Item {
	if l == nil {
		return []notice.Item{}
	}
	return l
}

func (s *Server) apiNoticeCreate(c echo.Context) error {
	var in notice.Input
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	n, err := s.Notice.Create(c.Request().Context(), s.noticeViewer(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, n)
}

func (s *Server) apiNotice(c echo.Context) error {
	return byID(c, http.StatusOK, s.noticeViewer(c), s.Notice.Get)
}

func (s *Server) apiNoticeUpdate(c echo.Context) error {
	return idAndBody(c, http.StatusOK, s.noticeViewer(c), s.Notice.Update)
}

func (s *Server) apiNoticeRead(c echo.Context) error {
	return byID(c, http.StatusOK, s.noticeViewer(c), s.Notice.Open)
}

func (s *Server) apiNoticePublish(c echo.Context) error {
	return byID(c, http.StatusOK, s.noticeViewer(c), s.Notice.Publish)
}

func (s *Server) apiNoticeWithdraw(c echo.Context) error {
	return byID(c, http.StatusOK, s.noticeViewer(c), s.Notice.Withdraw)
}

func (s *Server) apiNoticeRemind(c echo.Context) error {
	return byID(c, http.StatusCreated, s.noticeViewer(c), s.Notice.Remind)
}

func (s *Server) apiNoticeReminders(c echo.Context) error {
	return byID(c, http.StatusOK, s.noticeViewer(c), func(ctx context.Context, v notice.Viewer, id int64) (any, error) {
		list, err := s.Notice.Reminders(ctx, v, id)
		return map[string]any{"reminders": list}, err
	})
}

func (s *Server) apiNoticeAttach(c echo.Context) error {
	a, err := s.noticeAttach(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

// noticeAttach stores the form's file for the notice of the path.
func (s *Server) noticeAttach(c echo.Context) (*notice.Attachment, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, apperr.Invalidf("请选择要上传的附件")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return s.Notice.Attach(c.Request().Context(), s.noticeViewer(c), id, fh.Filename, f)
}

func (s *Server) apiNoticeDetach(c echo.Context) error {
	id, aid, err := noticeAttachmentIDs(c)
	if err != nil {
		return err
	}
	if err := s.Notice.Detach(c.Request().Context(), s.noticeViewer(c), id, aid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func noticeAttachmentIDs(c echo.Context) (int64, int64, error) {
	id, err := pathID(c)
	if err != nil {
		return 0, 0, err
	}
	aid, err := idParam(c, "aid")
	return id, aid, err
}

// noticeAttachment serves an attachment: PDFs and images inline (a PDF in
// the notice's own frame), Word files as downloads.
func (s *Server) noticeAttachment(c echo.Context) error {
	id, aid, err := noticeAttachmentIDs(c)
	if err != nil {
		return err
	}
	obj, a, err := s.Notice.OpenAttachment(c.Request().Context(), s.noticeViewer(c), id, aid)
	if err != nil {
		return err
	}
	defer obj.Close()
	disp := "inline"
	if a.Kind == "docx" {
		disp = "attachment"
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Disposition", disp+"; filename*=UTF-8''"+urlPathEscape(a.Name))
	h.Set("Cache-Control", "private, no-store")
	return c.Stream(http.StatusOK, notice.MIME[a.Kind], obj)
}

// unitQuery reads ?unit= (0 when absent).
func unitQuery(c echo.Context) (int64, error) {
	if v := c.QueryParam("unit"); v != "" {
		return parseID(v)
	}
	return 0, nil
}

func (s *Server) apiNoticeStatus(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	unit, err := unitQuery(c)
	if err != nil {
		return err
	}
	st, err := s.Notice.Status(c.Request().Context(), s.noticeViewer(c), id, unit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) apiNoticePeople(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	unit, err := unitQuery(c)
	if err != nil {
		return err
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	list, more, err := s.Notice.People(c.Request().Context(), s.noticeViewer(c), id, unit, c.QueryParam("state"), page)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"people": list, "more": more})
}

// noticeExport streams the read status as xlsx or csv; a refusal before
// the first byte is an ordinary error answer.
func (s *Server) noticeExport(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	unit, err := unitQuery(c)
	if err != nil {
		return err
	}
	format := c.QueryParam("format")
	ctx, v := c.Request().Context(), s.noticeViewer(c)
	// Access and format are checked before anything is written.
	if _, err := s.Notice.Status(ctx, v, id, unit); err != nil {
		return err
	}
	if format != "xlsx" && format != "csv" {
		return apperr.Invalidf("导出格式只能是 xlsx 或 csv")
	}
	h := c.Response().Header()
	h.Set("Content-Type", map[string]string{"csv": "text/csv; charset=utf-8",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[format])
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+urlPathEscape("阅读情况-"+strconv.FormatInt(id, 10)+"."+format))
	_, err = s.Notice.Export(ctx, v, id, unit, format, c.Response())
	return err
}
