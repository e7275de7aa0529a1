package web

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/internal/apperr"
	"lms/internal/calendar"
	"lms/notice"
)

// coursePageRoutes registers the pages of courses: the learner's (this
// file), the trainer's (course_teach_pages.go) and the committee's and
// admin's (course_assign_pages.go). The course service decides who may see
// and change what; the handlers bind, ask it and render.
func (s *Server) coursePageRoutes(g *echo.Group) {
	g.GET("/learn", s.learnPage)
	g.GET("/catalogue", s.cataloguePage)
	g.GET("/courses/:id", s.coursePage)
	g.POST("/courses/:id/enroll", s.enrollSubmit)
	g.GET("/lessons/:id", s.lessonPage)
	g.GET("/lessons/:id/document", s.lessonDocument)
	g.GET("/me/transcript", s.transcriptPage)
	g.GET("/notifications", s.notificationsPage)
	g.POST("/notifications/read", s.notificationsReadSubmit)
	s.teachPageRoutes(g)
	s.assignPageRoutes(g)
}

// unreadCount is the number under the bell of every page; a failure to
// count must not fail the page, so it is logged and shown as none.
func (s *Server) unreadCount(c echo.Context) int {
	a := actorOf(c)
	if a == nil || s.Course == nil {
		return 0
	}
	n, err := s.Course.UnreadCount(c.Request().Context(), a)
	if err != nil {
		s.Log.WarnContext(c.Request().Context(), "unread count", "err", err)
	}
	return n + s.noticeUnread(c)
}

type learnData struct {
	Todo, Done []course.MyCourse
	Left       map[int64]string // what is left of a course: the required quizzes not passed
	Transcript *course.Transcript
	DailyCap   string // hours a day at most, empty when the requirement has no cap
}

// learnPage is 我的学习: what is assigned, overdue first then by due date,
// and this year's hours against the requirement.
func (s *Server) learnPage(c echo.Context) error {
	ctx, a := c.Request().Context(), actorOf(c)
	list, err := s.Course.MyCourses(ctx, a)
	if err != nil {
		return err
	}
	t, err := s.Course.Transcript(ctx, a, a.UserID, time.Now().In(calendar.Zone).Year())
	if err != nil {
		return err
	}
	d := learnData{Transcript: t, Left: map[int64]string{}}
	if t.Requirement != nil && t.Requirement.DailyCap != nil {
		d.DailyCap = num(*t.Requirement.DailyCap)
	}
	for _, mc := range list {
		if mc.State == "completed" {
			d.Done = append(d.Done, mc)
		} else {
			d.Todo = append(d.Todo, mc)
			d.Left[mc.CourseID] = s.leftLine(c, mc)
		}
	}
	return s.render(c, http.StatusOK, "learn_dashboard", d)
}

const cataloguePerPage = 12

type catalogueData struct {
	Courses    []course.Course
	Enrolled   map[int64]string
	Total      int64
	Query      string
	Category   string
	Categories []string
	Pager      pager
}

func (s *Server) cataloguePage(c echo.Context) error {
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	f := course.CatalogueFilter{Query: c.QueryParam("q"), Category: c.QueryParam("category"), Page: page,
		PerPage: cataloguePerPage}
	if len([]rune(f.Query)) > 100 || len([]rune(f.Category)) > 50 {
		return apperr.Invalidf("搜索词过长")
	}
	ctx, a := c.Request().Context(), actorOf(c)
	list, total, err := s.Course.Catalogue(ctx, a, f)
	if err != nil {
		return err
	}
	ids := make([]int64, len(list))
	for i, crs := range list {
		ids[i] = crs.ID
	}
	enrolled, err := s.Course.EnrolledIn(ctx, a, ids)
	if err != nil {
		return err
	}
	d := catalogueData{Courses: list, Enrolled: enrolled, Total: total, Query: f.Query, Category: f.Category,
		Categories: course.Categories, Pager: s.newPager(c, page, int64(page*cataloguePerPage) < total)}
	return s.render(c, http.StatusOK, "course_catalogue", d)
}

// pageParam reads ?page=, 1 when absent.
func pageParam(c echo.Context) (int, error) { return pageNumber(c) }

type courseData struct {
	*course.CourseView
	Flash string
	Open  bool           // the viewer may enrol themself
	Study *course.Lesson // where the 开始学习 button leads: the first lesson not completed
	Steps map[int64][]quizStep
	// StudyQuiz is where the button leads once every lesson is done: the
	// first required quiz not passed.
	StudyQuiz *quizStep
}

func (s *Server) coursePage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := s.Course.CourseView(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	d := courseData{CourseView: v, Flash: s.flash(c),
		Open: v.Enrollment == nil && v.Course.State == "published" && v.Course.Open}
	d.Steps = s.quizSteps(c, v.QuizzesAfter)
	if v.Enrollment != nil {
		d.Study = firstToStudy(v)
		d.StudyQuiz = quizToTake(v.Chapters, d.Steps)
	}
	return s.render(c, http.StatusOK, "course_page", d)
}

func (s *Server) enrollSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Course.SelfEnroll(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/courses/"+strconv.FormatInt(id, 10)+"?ok=enrolled")
}

type lessonData struct {
	Lesson     *course.Lesson
	Course     *course.Course
	Progress   *course.LessonProgress
	Article    template.HTML
	Prev, Next *course.Lesson
	NextQuiz   *quizStep // the step after this lesson when it is a quiz
	Ready      bool      // a video with a ready asset, or a document with its file
	AssetID    int64
	// RemainMin and RemainSec are the reading time still required.
	RemainMin, RemainSec int
	Watermark            string
	OpenAt               openAt // ?page=N, ?t=SECONDS: where a search hit opens the lesson
	Scorm                *scormView
}

// lessonPage is where a lesson is studied: the player, the document reader
// or the article, each sending heartbeats from its script.
func (s *Server) lessonPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actorOf(c)
	l, crs, p, err := s.Course.StudyProgress(ctx, a, id)
	if err != nil {
		return err
	}
	_, chapters, err := s.Course.Outline(ctx, a, crs.ID)
	if err != nil {
		return err
	}
	d := lessonData{Lesson: l, Course: crs, Progress: p, Watermark: a.DisplayName + " " + a.Username}
	left := int(math.Ceil(max(0, float64(l.MinSeconds)-p.Active)))
	d.RemainMin, d.RemainSec = left/60, left%60
	d.Prev, d.Next = neighbours(chapters, l.ID)
	quizzes, err := s.Course.CourseQuizzes(ctx, a, crs.ID)
	if err != nil {
		return err
	}
	d.NextQuiz = nextQuiz(s.quizSteps(c, course.QuizzesAfter(chapters, quizzes)), l.ID, d.Next == nil)
	d.OpenAt = readOpenAt(c)
	switch l.Kind {
	case "video":
		d.Ready = l.MediaAssetID != nil && l.Duration > 0
		if d.Ready {
			d.AssetID = *l.MediaAssetID
		}
	case "document":
		d.Ready = l.DocKey != ""
	case "scorm":
		d.Scorm, err = s.scormPlayer(c, l.ID)
		if err != nil {
			return err
		}
		d.Ready = d.Scorm != nil
	case "article":
		// Sanitised when saved; cleaned again here so that a row written by
		// any other path still cannot carry a script into the page.
		d.Article, d.Ready = template.HTML(course.SanitizeHTML(l.ArticleHTML)), true
	}
	return s.render(c, http.StatusOK, "learn_lesson", d)
}

// firstToStudy is the first lesson not completed yet, required ones first.
func firstToStudy(v *course.CourseView) *course.Lesson {
	var optional *course.Lesson
	for _, ch := range v.Chapters {
		for i := range ch.Lessons {
			l := &ch.Lessons[i]
			switch {
			case v.States[l.ID].Completed:
			case l.Required:
				return l
			case optional == nil:
				optional = l
			}
		}
	}
	return optional
}

// neighbours finds the lessons before and after id in the outline.
func neighbours(chapters []course.Chapter, id int64) (prev, next *course.Lesson) {
	var flat []course.Lesson
	for _, ch := range chapters {
		flat = append(flat, ch.Lessons...)
	}
	for i := range flat {
		if flat[i].ID != id {
			continue
		}
		if i > 0 {
			prev = &flat[i-1]
		}
		if i+1 < len(flat) {
			next = &flat[i+1]
		}
	}
	return prev, next
}

// lessonDocument serves the document for the reader's frame. The API's
// answer forbids every framing (frame-ancestors 'none'); this one lets the
// platform's own lesson page show a PDF inline, and nobody else.
func (s *Server) lessonDocument(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	// The reader's file, like its page, is for the course's learners.
	if _, _, err := s.Course.Study(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "frame-ancestors 'self'")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	return s.apiDocument(c)
}

type transcriptData struct {
	*course.Transcript
	Years []int
}

func (s *Server) transcriptPage(c echo.Context) error {
	userID, year, err := transcriptParams(c)
	if err != nil {
		return err
	}
	t, err := s.Course.Transcript(c.Request().Context(), actorOf(c), userID, year)
	if err != nil {
		return err
	}
	d := transcriptData{Transcript: t}
	for y := time.Now().In(calendar.Zone).Year(); y >= time.Now().In(calendar.Zone).Year()-9; y-- {
		d.Years = append(d.Years, y)
	}
	return s.render(c, http.StatusOK, "learn_transcript", d)
}

type notificationsData struct {
	List    []course.Notification
	Unread  int
	Flash   string
	Notices []notice.Item // unread notices, shown above the reminders
}

func (s *Server) notificationsPage(c echo.Context) error {
	list, unread, err := s.Course.Notifications(c.Request().Context(), actorOf(c), 100)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "learn_notifications", notificationsData{List: list, Unread: unread, Flash: s.flash(c),
		Notices: s.bellNotices(c)})
}

// notificationsReadSubmit marks one notification (id) or all of them read,
// then goes to the notification's page when next is given.
func (s *Server) notificationsReadSubmit(c echo.Context) error {
	var id int64
	if v := c.FormValue("id"); v != "" {
		var err error
		if id, err = parseID(v); err != nil {
			return err
		}
	}
	if err := s.Course.MarkRead(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	if next := c.FormValue("next"); next != "" {
		return c.Redirect(http.StatusSeeOther, safeNext(next))
	}
	return c.Redirect(http.StatusSeeOther, "/notifications?ok=notifications_read")
}
