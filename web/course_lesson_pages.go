package web

import (
	"fmt"
	"math"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/internal/apperr"
	"lms/media"
	"lms/scorm"
)

// readLessonForm reads the add-lesson and lesson forms into the course
// service's input. Reading time is typed in minutes, the unit people think in.
func readLessonForm(c echo.Context, creating bool) (lessonForm, course.LessonInput, error) {
	f := lessonForm{Kind: c.FormValue("kind"), Title: c.FormValue("title"), Minutes: c.FormValue("minutes"),
		AssetID: strings.TrimSpace(c.FormValue("media_asset_id")), Article: c.FormValue("article"),
		Required: c.FormValue("required") == "1", Rule: c.FormValue("rule")}
	in := course.LessonInput{Kind: f.Kind, Title: &f.Title, Required: &f.Required}
	if v := c.FormValue("chapter_id"); v != "" && creating {
		id, err := parseID(v)
		if err != nil {
			return f, in, err
		}
		f.ChapterID, in.ChapterID = id, &id
	}
	mins, err := formFloat(f.Minutes, "最短阅读时间")
	if err != nil {
		return f, in, err
	}
	if mins != nil {
		if *mins < 0 || *mins > 600 {
			return f, in, apperr.Invalidf("最短阅读时间须在 0 到 600 分钟之间")
		}
		secs := int(math.Round(*mins * 60))
		in.MinSeconds = &secs
	}
	if f.AssetID != "" {
		id, err := parseID(f.AssetID)
		if err != nil {
			return f, in, apperr.Invalidf("视频编号“%s”无效", f.AssetID)
		}
		in.MediaAssetID = &id
	}
	if c.Request().Form.Has("article") || creating && f.Kind == "article" {
		a := articleHTML(f.Article)
		in.ArticleHTML = &a
	}
	return f, in, nil
}

// editorLessonSubmit adds a lesson; a document lesson's file may come with
// it in the same form.
func (s *Server) editorLessonSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, in, err := readLessonForm(c, true)
	var l *course.Lesson
	if err == nil {
		l, err = s.Course.AddLesson(c.Request().Context(), actorOf(c), id, in)
	}
	if err != nil {
		return s.editorError(c, id, err, func(d *editorData) { d.LessonForm = f })
	}
	if fh, ferr := c.FormFile("file"); ferr == nil && f.Kind == "document" {
		if err := s.saveDocument(c, l.ID, fh.Filename, fh.Open); err != nil {
			// The lesson exists; its page says what went wrong with the file.
			return s.lessonEditError(c, l.ID, err, nil)
		}
	}
	if _, ferr := c.FormFile("package"); ferr == nil && f.Kind == "scorm" {
		if err := s.importPackage(c, l.ID); err != nil {
			return s.lessonEditError(c, l.ID, err, nil)
		}
	}
	return c.Redirect(http.StatusSeeOther, editorURL(id, "lesson_added")+"#outline")
}

type lessonEditData struct {
	Lesson     *course.Lesson
	Course     *course.Course
	LessonForm lessonForm
	NewLesson  bool // always false: the form edits one lesson of a known kind
	Assets     []assetOption
	Package    *scorm.PackageView // a SCORM lesson's package, nil before the first upload
	Learners   []scormLearner     // and its learners' results
	Flash      string
	Error      string
}

func (s *Server) lessonEditData(c echo.Context, id int64) (*lessonEditData, error) {
	ctx, a := c.Request().Context(), actorOf(c)
	l, crs, err := s.Course.Lesson(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !s.Course.CanEdit(a, crs) {
		return nil, apperr.Forbiddenf("只有课程的讲师可以修改该课程")
	}
	assets, err := s.assetOptions(c)
	if err != nil {
		return nil, err
	}
	f := lessonForm{Kind: l.Kind, Title: l.Title, Minutes: num(float64(l.MinSeconds) / 60), Article: l.ArticleHTML,
		Required: l.Required}
	if l.MediaAssetID != nil {
		f.AssetID = strconv.FormatInt(*l.MediaAssetID, 10)
	}
	d := &lessonEditData{Lesson: l, Course: crs, LessonForm: f, Assets: assets}
	if l.Kind == "scorm" {
		if d.Package, err = s.Scorm.Package(ctx, a, id); err == nil {
			d.Learners, err = s.scormLearners(c, id)
		}
		if d.Package != nil {
			d.LessonForm.Rule = d.Package.Rule
		}
	}
	return d, err
}

func (s *Server) lessonEditPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := s.lessonEditData(c, id)
	if err != nil {
		return err
	}
	d.Flash = s.flash(c)
	return s.render(c, http.StatusOK, "teach_lesson", d)
}

func (s *Server) lessonEditError(c echo.Context, id int64, err error, keep *lessonForm) error {
	st, msg, ok := s.inlineError(c, err)
	if !ok {
		return err
	}
	d, lerr := s.lessonEditData(c, id)
	if lerr != nil {
		return err
	}
	d.Error = msg
	if keep != nil {
		keep.Kind = d.LessonForm.Kind
		d.LessonForm = *keep
	}
	return s.render(c, st, "teach_lesson", d)
}

func (s *Server) lessonEditSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, in, err := readLessonForm(c, false)
	if err == nil {
		_, err = s.Course.UpdateLesson(c.Request().Context(), actorOf(c), id, in)
	}
	if err != nil {
		return s.lessonEditError(c, id, err, &f)
	}
	return c.Redirect(http.StatusSeeOther, "/teach/lessons/"+strconv.FormatInt(id, 10)+"?ok=lesson_saved")
}

func (s *Server) lessonDocumentSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err == nil {
		err = s.saveDocument(c, id, fh.Filename, fh.Open)
	} else {
		err = apperr.Invalidf("请选择要上传的文档（PDF、DOCX 或 PPTX）")
	}
	if err != nil {
		return s.lessonEditError(c, id, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/teach/lessons/"+strconv.FormatInt(id, 10)+"?ok=document_saved")
}

func (s *Server) saveDocument(c echo.Context, lessonID int64, name string, open func() (multipart.File, error)) error {
	f, err := open()
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = s.Course.UploadDocument(c.Request().Context(), actorOf(c), lessonID, name, f)
	return err
}

// assetOption is one of the trainer's videos in the lesson forms' select.
type assetOption struct {
	ID    int64
	Label string
}

// assetOptions lists the trainer's lectures (the newest hundred) for the
// lesson forms; without the media feature the forms take an asset number.
func (s *Server) assetOptions(c echo.Context) ([]assetOption, error) {
	a := actorOf(c)
	if s.Media == nil || !canUpload(a) {
		return nil, nil
	}
	list, _, err := s.Media.List(c.Request().Context(), media.ListFilter{OwnerID: a.UserID, PerPage: 100})
	if err != nil {
		return nil, err
	}
	out := make([]assetOption, 0, len(list))
	for _, as := range list {
		if as.State == media.StateFailed {
			continue
		}
		label := as.Title + " · " + s.t(c, "media.state."+as.State)
		if as.State == media.StateReady {
			label = fmt.Sprintf("%s · %d:%02d", as.Title, int(as.Duration)/60, int(as.Duration)%60)
		}
		out = append(out, assetOption{ID: as.ID, Label: label})
	}
	return out, nil
}
