package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/internal/apperr"
	"lms/scorm"
)

// scoCSP is the policy of a package's own files: courseware is written
// with inline scripts and styles, and shows in the platform's frame only.
// The lesson page around it keeps the platform's policy.
const scoCSP = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self' data:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

// scormPageRoutes: a package's files for its frame, and the trainer's upload.
func (s *Server) scormPageRoutes(g *echo.Group) {
	g.GET("/scorm/:lesson/files/*", s.scormFile)
	g.POST("/teach/lessons/:id/scorm", s.scormUploadSubmit)
	g.POST("/teach/lessons/:id/scorm/rule", s.scormRuleSubmit)
}

// scormRoutes: a lesson's package for its trainers, and the runtime API's
// two calls to the server.
func (s *Server) scormRoutes(g *echo.Group) {
	g.GET("/lessons/:id/scorm", s.apiScormPackage, requireLogin)
	g.POST("/lessons/:id/scorm", s.apiScormUpload, requireLogin)
	g.GET("/scorm/:lesson/scos/:sco", s.apiScormRuntime, requireLogin)
	g.POST("/scorm/:lesson/scos/:sco/commit", s.apiScormCommit, requireLogin)
}

func scormIDs(c echo.Context) (lesson, sco int64, err error) {
	if lesson, err = parseID(c.Param("lesson")); err != nil {
		return 0, 0, err
	}
	if c.Param("sco") == "" {
		return lesson, 0, nil
	}
	sco, err = parseID(c.Param("sco"))
	return lesson, sco, err
}

// scormFile serves one file of a package, to whom may study the lesson.
func (s *Server) scormFile(c echo.Context) error {
	lesson, _, err := scormIDs(c)
	if err != nil {
		return err
	}
	f, err := s.Scorm.Open(c.Request().Context(), actorOf(c), lesson, c.Param("*"))
	if err != nil {
		return err
	}
	defer f.Body.Close()
	h := c.Response().Header()
	h.Set("Content-Security-Policy", scoCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, max-age=300")
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	return c.Stream(http.StatusOK, f.ContentType, f.Body)
}

func (s *Server) apiScormPackage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := s.Scorm.Package(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	if p == nil {
		return apperr.NotFoundf("该课时尚未上传课件包")
	}
	return c.JSON(http.StatusOK, p)
}

// apiScormUpload takes a package (multipart field "package", optional
// "rule") for a SCORM lesson.
func (s *Server) apiScormUpload(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.importPackage(c, id); err != nil {
		return err
	}
	return s.apiScormPackage(c)
}

func (s *Server) apiScormRuntime(c echo.Context) error {
	lesson, sco, err := scormIDs(c)
	if err != nil {
		return err
	}
	out, err := s.Scorm.Runtime(c.Request().Context(), actorOf(c), lesson, sco)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}

// apiScormCommit answers only once the values are durable: LMSCommit and
// Commit return "true" on this answer.
func (s *Server) apiScormCommit(c echo.Context) error {
	lesson, sco, err := scormIDs(c)
	if err != nil {
		return err
	}
	var in scorm.CommitInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Scorm.Commit(c.Request().Context(), actorOf(c), lesson, sco, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// scormUploadSubmit takes a package for a SCORM lesson.
func (s *Server) scormUploadSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.importPackage(c, id); err != nil {
		return s.lessonEditError(c, id, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/teach/lessons/"+strconv.FormatInt(id, 10)+"?ok=scorm_saved")
}

func (s *Server) importPackage(c echo.Context, lessonID int64) error {
	fh, err := c.FormFile("package")
	if err != nil {
		return apperr.Invalidf("请选择要上传的 SCORM 课件包（zip 文件）")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = s.Scorm.Import(c.Request().Context(), actorOf(c), lessonID, f, fh.Size, c.FormValue("rule"))
	return err
}

func (s *Server) scormRuleSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Scorm.SetRule(c.Request().Context(), actorOf(c), id, c.FormValue("rule")); err != nil {
		return s.lessonEditError(c, id, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/teach/lessons/"+strconv.FormatInt(id, 10)+"?ok=scorm_saved")
}

// scormView is what the lesson page's player needs.
type scormView struct {
	*scorm.Player
	Lesson int64
	JSON   string // the data-model table, for scorm.js
	Nodes  string // the outline with standings, for scorm.js
	Labels string // status names in the page's language
}

var scoStatuses = []string{"completed", "passed", "failed", "incomplete", "browsed", "unknown", "not attempted"}

func (s *Server) scormPlayer(c echo.Context, lessonID int64) (*scormView, error) {
	p, err := s.Scorm.Player(c.Request().Context(), actorOf(c), lessonID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	elems, err := json.Marshal(scorm.Elements(p.Package.Version))
	if err != nil {
		return nil, err
	}
	labels := map[string]string{}
	for _, st := range scoStatuses {
		labels[st] = s.t(c, "scorm.status."+st)
	}
	lj, _ := json.Marshal(labels)
	nodes, err := json.Marshal(p.Outline.Nodes)
	return &scormView{Player: p, Lesson: lessonID, JSON: string(elems), Nodes: string(nodes), Labels: string(lj)}, err
}

// scormLearner is one row of a SCORM lesson's results for its trainer:
// the server's clock and completion beside what the SCOs reported.
type scormLearner struct {
	course.LessonLearner
	scorm.LearnerRecord
	ActiveMin, ReportedMin string
	Score                  string // the mean reported score, "—" for none
}

func (s *Server) scormLearners(c echo.Context, lessonID int64) ([]scormLearner, error) {
	ctx, a := c.Request().Context(), actorOf(c)
	people, err := s.Course.LessonLearners(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	records, err := s.Scorm.Records(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	scos, err := s.Scorm.Package(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	launchable := 0
	for _, it := range scos.Items {
		if it.Href != "" {
			launchable++
		}
	}
	out := make([]scormLearner, len(people))
	for i, p := range people {
		r := records[p.UserID]
		r.SCOs = launchable // also for whoever has not opened one yet
		out[i] = scormLearner{LessonLearner: p, LearnerRecord: r,
			ActiveMin: num(p.Active / 60), ReportedMin: num(r.ReportedSeconds / 60), Score: "—"}
		if r.Score != nil {
			out[i].Score = strconv.FormatFloat(math.Round(*r.Score), 'f', -1, 64)
		}
	}
	return out, nil
}
