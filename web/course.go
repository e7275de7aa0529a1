package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"lms/course"
	"lms/internal/apperr"
	"lms/internal/calendar"
	"lms/org"
)

func (s *Server) courseRoutes(g *echo.Group) {
	g.GET("/courses", s.apiCourses, requireLogin)
	g.POST("/courses", s.apiCourseCreate, requireLogin)
	g.GET("/courses/:id", s.apiCourse, requireLogin)
	g.PATCH("/courses/:id", s.apiCourseUpdate, requireLogin)
	g.POST("/courses/:id/publish", s.apiCourseState("published"), requireLogin)
	g.POST("/courses/:id/archive", s.apiCourseState("archived"), requireLogin)
	g.POST("/courses/:id/chapters", s.apiChapterCreate, requireLogin)
	g.PUT("/courses/:id/owners", s.apiOwners, requireLogin)
	g.POST("/courses/:id/cover", s.apiCoverUpload, requireLogin)
	g.GET("/courses/:id/cover", s.apiCover, requireLogin)
	g.PUT("/courses/:id/outline", s.apiOutline, requireLogin)
	g.POST("/courses/:id/lessons", s.apiLessonCreate, requireLogin)
	g.POST("/courses/:id/enroll", s.apiEnroll, requireLogin)
	g.GET("/lessons/:id", s.apiLesson, requireLogin)
	g.PATCH("/lessons/:id", s.apiLessonUpdate, requireLogin)
	g.POST("/lessons/:id/document", s.apiDocumentUpload, requireLogin, documentLimit)
	g.GET("/lessons/:id/document", s.apiDocument, requireLogin)
	g.POST("/lessons/:id/heartbeat", s.apiHeartbeat, requireLogin)
	g.GET("/lessons/:id/progress", s.apiProgress, requireLogin)
	g.POST("/assignments", s.apiAssign, requireLogin)
	g.GET("/courses/:id/assignments", s.apiCourseAssignments, requireLogin)
	g.DELETE("/assignments/:id", s.apiWithdraw, requireLogin)
	g.POST("/requirements", s.apiRequirement, requireLogin)
	g.GET("/me/courses", s.apiMyCourses, requireLogin)
	g.GET("/me/transcript", s.apiTranscript, requireLogin)
	g.GET("/users/:id/transcript", s.apiTranscript, requireLogin)
	g.GET("/me/notifications", s.apiNotifications, requireLogin)
	g.POST("/me/notifications/read", s.apiNotificationsRead, requireLogin)
}

func (s *Server) apiCourses(c echo.Context) error {
	a := actorOf(c)
	f := course.CatalogueFilter{Query: c.QueryParam("q"), Category: c.QueryParam("category")}
	var err error
	if f.Page, f.PerPage, err = listPage(c); err != nil {
		return err
	}
	if c.QueryParam("mine") == "1" {
		f.OwnerID = a.UserID
	}
	list, total, err := s.Course.Catalogue(c.Request().Context(), a, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"courses": list, "total": total, "page": max(f.Page, 1)})
}

func (s *Server) apiCourseCreate(c echo.Context) error {
	var in course.CourseInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Course.CreateCourse(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

// apiCourse returns the course with its outline and, for an enrolled
// learner, their enrollment.
func (s *Server) apiCourse(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	crs, chapters, err := s.Course.Outline(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"course": crs, "chapters": chapters})
}

func (s *Server) apiCourseUpdate(c echo.Context) error {
	return idAndBody(c, http.StatusOK, actorOf(c), s.Course.UpdateCourse)
}

func (s *Server) apiCourseState(state string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		out, err := s.Course.SetState(c.Request().Context(), actorOf(c), id, state)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	}
}

func (s *Server) apiChapterCreate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in struct {
		Title string `json:"title"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ch, err := s.Course.AddChapter(c.Request().Context(), actorOf(c), id, in.Title)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ch)
}

// apiOutline takes the editor's order: [{"id": chapter, "lessons": [{"id": …}]}].
func (s *Server) apiOutline(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in struct {
		Chapters []course.Chapter `json:"chapters"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.Course.Reorder(c.Request().Context(), actorOf(c), id, in.Chapters); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiLessonCreate(c echo.Context) error {
	return idAndBody(c, http.StatusCreated, actorOf(c), s.Course.AddLesson)
}

func (s *Server) apiLesson(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	l, crs, err := s.Course.Study(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"lesson": l, "course": crs})
}

func (s *Server) apiLessonUpdate(c echo.Context) error {
	return idAndBody(c, http.StatusOK, actorOf(c), s.Course.UpdateLesson)
}

// apiDocumentUpload streams the multipart field "file" into the store.
func (s *Server) apiDocumentUpload(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return apperr.Invalidf("请选择要上传的文档")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	l, err := s.Course.UploadDocument(c.Request().Context(), actorOf(c), id, fh.Filename, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

// apiDocument serves a lesson's document: PDF inline for the browser's
// viewer, DOCX and PPTX as downloads.
func (s *Server) apiDocument(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	obj, l, err := s.Course.Document(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	defer obj.Close()
	disp := "attachment"
	if l.DocType == "pdf" {
		disp = "inline"
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", disp+"; filename*=UTF-8''"+urlPathEscape(l.DocName))
	h.Set("Cache-Control", "private, no-store")
	return c.Stream(http.StatusOK, docContentType(l.DocType), obj)
}

func (s *Server) apiHeartbeat(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in course.Beat
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Course.Heartbeat(c.Request().Context(), actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, out.AppendJSON(make([]byte, 0, 320)))
}

func (s *Server) apiProgress(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Course.Progress)
}

func (s *Server) apiEnroll(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Course.SelfEnroll(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiAssign(c echo.Context) error {
	var in course.AssignInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Course.Assign(c.Request().Context(), actorOf(c), s.Org, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) apiRequirement(c echo.Context) error {
	var in course.RequirementInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.Course.SetRequirement(c.Request().Context(), actorOf(c), s.Org, in); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMyCourses(c echo.Context) error {
	list, err := s.Course.MyCourses(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"courses": list})
}

// transcriptParams reads ?year= (this year by default) and the user.
func transcriptParams(c echo.Context) (int64, int, error) {
	userID := actorOf(c).UserID
	if c.Param("id") != "" {
		id, err := pathID(c)
		if err != nil {
			return 0, 0, err
		}
		userID = id
	}
	year := time.Now().In(calendar.Zone).Year()
	if v := c.QueryParam("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return 0, 0, apperr.Invalidf("年度无效：%s", v)
		}
		year = y
	}
	return userID, year, nil
}

func (s *Server) apiTranscript(c echo.Context) error {
	userID, year, err := transcriptParams(c)
	if err != nil {
		return err
	}
	t, err := s.Course.Transcript(c.Request().Context(), actorOf(c), userID, year)
	if err != nil {
		return err
	}
	if c.QueryParam("format") == "xlsx" {
		return s.transcriptXLSX(c, t)
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) apiNotifications(c echo.Context) error {
	list, unread, err := s.Course.Notifications(c.Request().Context(), actorOf(c), 20)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"notifications": list, "unread": unread})
}

func (s *Server) apiNotificationsRead(c echo.Context) error {
	var in struct {
		ID int64 `json:"id"`
	}
	if isJSON(c) {
		if err := bindJSON(c, &in); err != nil {
			return err
		}
	}
	if err := s.Course.MarkRead(c.Request().Context(), actorOf(c), in.ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiOwners(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in struct {
		UserIDs []int64 `json:"user_ids"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Course.SetOwners(c.Request().Context(), actorOf(c), id, in.UserIDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// apiCoverUpload takes the multipart field "file".
func (s *Server) apiCoverUpload(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return apperr.Invalidf("请选择封面图片")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := s.Course.UploadCover(c.Request().Context(), actorOf(c), id, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiCover(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	obj, err := s.Course.Cover(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	defer obj.Close()
	info, err := obj.Stat()
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=300")
	return c.Stream(http.StatusOK, info.ContentType, obj)
}

// Study documents may be far larger than other requests: their routes
// have their own limit instead of the global one.
var documentLimit = middleware.BodyLimit("210M")

func documentUpload(c echo.Context) bool {
	p := c.Path()
	return p == "/api/v1/lessons/:id/document" || p == "/teach/lessons/:id/document" ||
		p == "/teach/lessons/:id/scorm" || p == "/api/v1/lessons/:id/scorm" || p == "/teach/courses/:id/lessons"
}

func (s *Server) apiCourseAssignments(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), func(ctx context.Context, a *org.Actor, id int64) (any, error) {
		list, err := s.Course.CourseAssignments(ctx, a, id)
		return map[string]any{"assignments": list}, err
	})
}

// apiWithdraw undoes an assignment (see course.Withdraw).
func (s *Server) apiWithdraw(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), func(ctx context.Context, a *org.Actor, id int64) (*course.AssignmentRow, error) {
		return s.Course.Withdraw(ctx, a, s.Org, id)
	})
}
