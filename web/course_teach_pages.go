package web

import (
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/internal/apperr"
)

// The trainer's pages: my courses, a new course, and the course editor.
// Every change goes through course.Service, which checks that the actor
// edits only their own courses.
func (s *Server) teachPageRoutes(g *echo.Group) {
	g.GET("/teach", s.teachPage, s.trainerOnly)
	g.GET("/teach/courses/new", s.teachNewPage, s.trainerOnly)
	g.POST("/teach/courses", s.teachCreateSubmit)
	g.GET("/teach/courses/:id", s.editorPage)
	g.POST("/teach/courses/:id", s.editorSettingsSubmit)
	g.POST("/teach/courses/:id/state", s.editorStateSubmit)
	g.POST("/teach/courses/:id/chapters", s.editorChapterSubmit)
	g.POST("/teach/courses/:id/lessons", s.editorLessonSubmit)
	g.POST("/teach/courses/:id/move", s.editorMoveSubmit)
	g.POST("/teach/courses/:id/quizzes/:quiz/place", s.editorQuizPlaceSubmit)
	g.GET("/teach/lessons/:id", s.lessonEditPage)
	g.POST("/teach/lessons/:id", s.lessonEditSubmit)
	g.POST("/teach/lessons/:id/document", s.lessonDocumentSubmit, documentLimit)
}

// trainerOnly guards the pages that show a form before any domain call.
func (s *Server) trainerOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.Org.Policy.CanBuildCourses(actorOf(c)) {
			return apperr.Forbiddenf("%s", s.t(c, "teach.trainer_only"))
		}
		return next(c)
	}
}

const teachPerPage = 30

type teachData struct {
	Courses []course.Course
	Total   int64
	Pager   pager
}

func (s *Server) teachPage(c echo.Context) error {
	page, err := pageParam(c)
	if err != nil {
		return err
	}
	a := actorOf(c)
	list, total, err := s.Course.Catalogue(c.Request().Context(), a,
		course.CatalogueFilter{OwnerID: a.UserID, Page: page, PerPage: teachPerPage})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "teach_courses", teachData{Courses: list, Total: total,
		Pager: s.newPager(c, page, int64(page*teachPerPage) < total)})
}

// courseForm is the settings form, kept as typed when it is refused.
type courseForm struct {
	Title, Summary, Category, Tags  string
	Hours, MaxRate, CompletePct     string
	Open, PresenceCheck, ForbidSkip bool
}

func formFromCourse(c *course.Course) courseForm {
	return courseForm{Title: c.Title, Summary: c.Summary, Category: c.Category, Tags: strings.Join(c.Tags, "，"),
		Hours: num(c.Hours), MaxRate: num(c.MaxRate), CompletePct: num(c.CompletePct),
		Open: c.Open, PresenceCheck: c.PresenceCheck, ForbidSkip: c.ForbidSkip}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// readCourseForm reads the settings form; the new-course form holds only
// the first fields, so the others are read only when present.
func readCourseForm(c echo.Context, full bool) (courseForm, course.CourseInput, error) {
	f := courseForm{Title: c.FormValue("title"), Summary: c.FormValue("summary"), Category: c.FormValue("category"),
		Tags: c.FormValue("tags"), Hours: c.FormValue("hours"), MaxRate: c.FormValue("max_rate"),
		CompletePct: c.FormValue("complete_pct"), Open: c.FormValue("open") == "1",
		PresenceCheck: c.FormValue("presence_check") == "1", ForbidSkip: c.FormValue("forbid_skip") == "1"}
	in := course.CourseInput{Title: &f.Title, Summary: &f.Summary, Category: &f.Category}
	tags := splitList(f.Tags)
	in.Tags = &tags
	var err error
	if in.Hours, err = formFloat(f.Hours, "学时"); err != nil {
		return f, in, err
	}
	if !full {
		return f, in, nil
	}
	in.Open, in.PresenceCheck, in.ForbidSkip = &f.Open, &f.PresenceCheck, &f.ForbidSkip
	if in.MaxRate, err = formFloat(f.MaxRate, "允许的倍速"); err != nil {
		return f, in, err
	}
	in.CompletePct, err = formFloat(f.CompletePct, "视频完成比例")
	return f, in, err
}

// formFloat reads a number field; empty leaves the setting unchanged.
func formFloat(v, field string) (*float64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return nil, apperr.Invalidf("%s须为数字：%s", field, v)
	}
	return &f, nil
}

// splitList splits what people type between items: commas, 、, spaces or
// new lines, in either width.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return strings.ContainsRune(",，、;；\n\r\t 　", r)
	})
}

type teachNewData struct {
	Form       courseForm
	Categories []string
	Error      string
}

func (s *Server) teachNewPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "teach_new", teachNewData{Form: courseForm{Hours: "1"}, Categories: course.Categories})
}

func (s *Server) teachCreateSubmit(c echo.Context) error {
	f, in, err := readCourseForm(c, false)
	var crs *course.Course
	if err == nil {
		crs, err = s.Course.CreateCourse(c.Request().Context(), actorOf(c), in)
	}
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		return s.render(c, st, "teach_new", teachNewData{Form: f, Categories: course.Categories, Error: msg})
	}
	return c.Redirect(http.StatusSeeOther, editorURL(crs.ID, "course_created"))
}

func editorURL(id int64, ok string) string {
	u := "/teach/courses/" + strconv.FormatInt(id, 10)
	if ok != "" {
		u += "?ok=" + ok
	}
	return u
}

// lessonForm is the add-lesson and lesson forms, kept as typed.
type lessonForm struct {
	Kind, Title, Minutes, AssetID, Article string
	Rule                                   string // a SCORM lesson's completion rule
	ChapterID                              int64
	Required                               bool
}

type editorData struct {
	View       *course.CourseView
	Outline    []editorChapter
	Form       courseForm
	LessonForm lessonForm
	NewLesson  bool
	Kinds      []string
	Categories []string
	Rates      []string
	Assets     []assetOption
	Quizzes    []course.CourseQuiz // in outline order
	Lessons    []course.Lesson     // where a quiz may be placed
	Flash      string
	Error      string
}

type editorChapter struct {
	ID      int64
	Title   string
	Lessons []editorLesson
}

// editorLesson is a lesson in the editor's outline with what it still lacks.
type editorLesson struct {
	course.Lesson
	Minutes string // reading time, empty when none
	Missing string // message key of what the lesson still needs, if any
}

// editorOutline lays out the chapters; packaged names the SCORM lessons
// that have a package.
func editorOutline(chapters []course.Chapter, packaged map[int64]bool) []editorChapter {
	out := make([]editorChapter, len(chapters))
	for i, ch := range chapters {
		out[i] = editorChapter{ID: ch.ID, Title: ch.Title}
		for _, l := range ch.Lessons {
			el := editorLesson{Lesson: l}
			if l.MinSeconds > 0 {
				el.Minutes = num(float64(l.MinSeconds) / 60)
			}
			switch {
			case l.Kind == "video" && l.Duration <= 0:
				el.Missing = "lesson.not_ready.video"
			case l.Kind == "document" && l.DocName == "":
				el.Missing = "editor.no_document"
			case l.Kind == "scorm" && !packaged[l.ID]:
				el.Missing = "editor.no_scorm"
			}
			out[i].Lessons = append(out[i].Lessons, el)
		}
	}
	return out
}

func (s *Server) editorPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := s.editorData(c, id)
	if err != nil {
		return err
	}
	d.Flash = s.flash(c)
	return s.render(c, http.StatusOK, "teach_editor", d)
}

// editorData loads the editor of a course the actor may change.
func (s *Server) editorData(c echo.Context, id int64) (*editorData, error) {
	ctx, a := c.Request().Context(), actorOf(c)
	v, err := s.Course.CourseView(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !v.CanEdit {
		return nil, apperr.Forbiddenf("只有课程的讲师可以修改该课程")
	}
	cats := course.Categories
	if v.Course.Category != "" && !slices.Contains(cats, v.Course.Category) {
		cats = append(slices.Clone(cats), v.Course.Category)
	}
	assets, err := s.assetOptions(c)
	if err != nil {
		return nil, err
	}
	packaged, err := s.Scorm.Packaged(c.Request().Context(), scormLessons(v.Chapters))
	if err != nil {
		return nil, err
	}
	d := &editorData{View: v, Outline: editorOutline(v.Chapters, packaged), Form: formFromCourse(v.Course),
		LessonForm: lessonForm{Kind: "video", Required: true}, NewLesson: true,
		Kinds: []string{"video", "document", "article", "scorm"}, Categories: cats,
		Rates: []string{"1", "1.25", "1.5", "1.75", "2"}, Assets: assets}
	d.Lessons, d.Quizzes = outlineQuizzes(v)
	return d, nil
}

// editorError shows the editor again with the refused form's message, or
// passes an internal error on.
func (s *Server) editorError(c echo.Context, id int64, err error, keep func(*editorData)) error {
	st, msg, ok := s.inlineError(c, err)
	if !ok {
		return err
	}
	d, lerr := s.editorData(c, id)
	if lerr != nil {
		return err
	}
	d.Error = msg
	if keep != nil {
		keep(d)
	}
	return s.render(c, st, "teach_editor", d)
}

func (s *Server) editorSettingsSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, in, err := readCourseForm(c, true)
	if err == nil {
		_, err = s.Course.UpdateCourse(c.Request().Context(), actorOf(c), id, in)
	}
	if err != nil {
		return s.editorError(c, id, err, func(d *editorData) { d.Form = f })
	}
	return c.Redirect(http.StatusSeeOther, editorURL(id, "course_saved"))
}

func (s *Server) editorStateSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	state := c.FormValue("state")
	if _, err := s.Course.SetState(c.Request().Context(), actorOf(c), id, state); err != nil {
		return s.editorError(c, id, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, editorURL(id, "course_"+state))
}

func (s *Server) editorChapterSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.Course.AddChapter(c.Request().Context(), actorOf(c), id, c.FormValue("title")); err != nil {
		return s.editorError(c, id, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, editorURL(id, "chapter_added")+"#outline")
}

// editorMoveSubmit is the up and down buttons beside each chapter and
// lesson, for phones and browsers where dragging is not possible.
func (s *Server) editorMoveSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	delta := map[string]int{"up": -1, "down": 1}[c.FormValue("dir")]
	target, isChapter := c.FormValue("lesson"), false
	if target == "" {
		target, isChapter = c.FormValue("chapter"), true
	}
	itemID, err := parseID(target)
	if err != nil || delta == 0 {
		return apperr.Invalidf("请选择要移动的章节或课时，以及方向")
	}
	ctx, a := c.Request().Context(), actorOf(c)
	_, chapters, err := s.Course.Outline(ctx, a, id)
	if err != nil {
		return err
	}
	if course.MoveInOutline(chapters, itemID, isChapter, delta) {
		if err := s.Course.Reorder(ctx, a, id, chapters); err != nil {
			return s.editorError(c, id, err, nil)
		}
	}
	return c.Redirect(http.StatusSeeOther, editorURL(id, "")+"#outline")
}

// articleHTML lets trainers who do not write HTML type plain text: blank
// lines separate paragraphs. Text with tags is taken as HTML and sanitised
// by the course service either way.
func articleHTML(text string) string {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n")
	if text == "" || strings.ContainsAny(text, "<>") {
		return text
	}
	var b strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br>") + "</p>\n")
		}
	}
	return b.String()
}

// scormLessons lists the SCORM lessons of an outline.
func scormLessons(chapters []course.Chapter) []int64 {
	var ids []int64
	for _, ch := range chapters {
		for _, l := range ch.Lessons {
			if l.Kind == "scorm" {
				ids = append(ids, l.ID)
			}
		}
	}
	return ids
}
