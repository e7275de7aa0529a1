package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/certificate"
	"lms/internal/apperr"
	"lms/org"
	"lms/training"
)

func (s *Server) trainingPageRoutes() {
	g := s.e.Group("/training", requireLogin, s.mustChangePassword)
	g.GET("", s.trainingIndexPage)
	g.POST("/classes", s.classCreateSubmit)
	g.GET("/classes/:id", s.classPage)
	g.POST("/classes/:id/apply", s.classApplySubmit)
	g.POST("/classes/:id/applications/:user", s.classDecideSubmit)
	g.POST("/classes/:id/units", s.classUnitsSubmit)
	g.POST("/classes/:id/roster", s.classImportSubmit)
	g.POST("/classes/:id/courses", s.classCourseSubmit)
	g.POST("/classes/:id/sessions", s.classSessionSubmit)
	g.POST("/classes/:id/close", s.classCloseSubmit)
	g.POST("/classes/:id/results/:user", s.classCorrectSubmit)
	g.GET("/sessions/:id/code", s.codePage)
	g.GET("/sessions/:id/qr", s.codePNG)
	g.GET("/checkin", s.checkinPage)
	g.POST("/checkin", s.checkinSubmit)
	s.claimPageRoutes(g)
}

type trainingIndexData struct {
	Notice
	Classes  []training.Class
	Certs    []training.Certificate
	Kinds    []string
	Units    []classUnit
	Creates  bool
	Exams    []examChoice // for the new class's 结业 exam
	ClaimURL string
}

func (s *Server) trainingIndexPage(c echo.Context) error {
	ctx, a := c.Request().Context(), actorOf(c)
	d := trainingIndexData{Notice: Notice{Flash: s.trainingFlash(c)}, Kinds: training.Kinds,
		Creates: a.Has(org.RoleCommittee) || a.Has(org.RoleAdmin)}
	var err error
	if d.Classes, err = s.Training.Classes(ctx, a); err != nil {
		return err
	}
	if d.Certs, err = s.Training.MyCertificates(ctx, a); err != nil {
		return err
	}
	if d.Creates {
		if d.Units, err = s.classUnits(c); err != nil {
			return err
		}
		courses, err := s.classCourses(c)
		if err != nil {
			return err
		}
		if d.Exams, err = s.classExams(c, courses); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "training_index", d)
}

func (s *Server) classCreateSubmit(c echo.Context) error {
	unitID, _ := strconv.ParseInt(c.FormValue("unit_id"), 10, 64)
	capacity, _ := strconv.Atoi(c.FormValue("capacity"))
	att, _ := strconv.Atoi(c.FormValue("min_attendance"))
	hours, _ := strconv.ParseFloat(c.FormValue("hours"), 64)
	in := training.ClassInput{UnitID: unitID, Name: c.FormValue("name"), Kind: c.FormValue("kind"),
		Level: c.FormValue("level"), Organiser: c.FormValue("organiser"), StartsOn: c.FormValue("starts_on"),
		EndsOn: c.FormValue("ends_on"), Plan: c.FormValue("plan"), Capacity: capacity, Hours: hours,
		OpenApply: c.FormValue("open_apply") != "", MinAttendance: att}
	if q, err := strconv.ParseInt(c.FormValue("quiz_id"), 10, 64); err == nil && q > 0 {
		in.QuizID = &q
	}
	var err error
	if in.TeacherIDs, err = s.teacherIDs(c, c.FormValue("teachers")); err != nil {
		return err
	}
	cl, err := s.Training.CreateClass(c.Request().Context(), actorOf(c), s.Org, in)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/training/classes/%d?ok=saved", cl.ID))
}

type classPageData struct {
	Notice
	V         *classView
	Roster    []training.Member
	Standings []training.Standing
	Results   []training.Result
	Stats     *training.Stats
	Units     []classUnit
	Kinds     []string
	Courses   []scheduleCourse // for the schedule's course form
}

func (s *Server) classPage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := s.classView(c, id)
	if err != nil {
		return err
	}
	d := classPageData{Notice: Notice{Flash: s.trainingFlash(c)}, V: v, Kinds: training.SessionKinds}
	if v.Manager {
		if err := s.managerData(c, &d); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "training_class", d)
}

func (s *Server) managerData(c echo.Context, d *classPageData) error {
	ctx, a, id := c.Request().Context(), actorOf(c), d.V.ID
	var err error
	if d.Roster, err = s.Training.Roster(ctx, a, id); err != nil {
		return err
	}
	if d.V.State == training.StateClosed {
		d.Results, err = s.Training.Results(ctx, a, id)
	} else {
		d.Standings, err = s.Training.Standings(ctx, a, id)
	}
	if err != nil {
		return err
	}
	if d.Stats, err = s.Training.Stats(ctx, a, id); err != nil {
		return err
	}
	if d.Courses, err = s.classCourses(c); err != nil {
		return err
	}
	d.Units, err = s.classUnits(c)
	return err
}

// backToClass answers a class form with the class page and a flash.
func backToClass(c echo.Context, id int64, flash string) error {
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/training/classes/%d?ok=%s", id, flash))
}

func (s *Server) classApplySubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.Training.Apply(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	return backToClass(c, id, "applied")
}

func (s *Server) classDecideSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	user, err := idParam(c, "user")
	if err != nil {
		return err
	}
	d := training.Decision{Approve: c.FormValue("approve") == "1", Reason: c.FormValue("reason")}
	if err := s.Training.Decide(c.Request().Context(), actorOf(c), id, user, d); err != nil {
		return err
	}
	return backToClass(c, id, "saved")
}

func (s *Server) classUnitsSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var units []int64
	for _, v := range c.Request().Form["unit_id"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			units = append(units, n)
		}
	}
	if err := s.Training.AssignUnits(c.Request().Context(), actorOf(c), s.Org, id, units, c.FormValue("rank")); err != nil {
		return err
	}
	return backToClass(c, id, "saved")
}

func (s *Server) classImportSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.importClassRoster(c, id); err != nil {
		return err
	}
	return backToClass(c, id, "saved")
}

func (s *Server) classCourseSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	course, err := formInt(c, "course_id")
	if err != nil {
		return err
	}
	if err := s.Training.AddCourse(c.Request().Context(), actorOf(c), id, course, c.FormValue("required") != ""); err != nil {
		return err
	}
	return backToClass(c, id, "saved")
}

func (s *Server) classSessionSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	hours, _ := strconv.ParseFloat(c.FormValue("hours"), 64)
	in := training.SessionInput{Kind: c.FormValue("kind"), Title: c.FormValue("title"), StartsAt: c.FormValue("starts_at"),
		EndsAt: c.FormValue("ends_at"), Place: c.FormValue("place"), Hours: hours}
	if _, err := s.Training.AddSession(c.Request().Context(), actorOf(c), id, in); err != nil {
		return err
	}
	return backToClass(c, id, "saved")
}

func (s *Server) classCloseSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.Training.Close(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	return backToClass(c, id, "closed")
}

func (s *Server) classCorrectSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	user, err := idParam(c, "user")
	if err != nil {
		return err
	}
	in := training.Correction{Completed: c.FormValue("completed") == "1", Reason: c.FormValue("reason")}
	if err := s.Training.Correct(c.Request().Context(), actorOf(c), id, user, in); err != nil {
		return err
	}
	return backToClass(c, id, "saved")
}

// codePage is the head teacher's screen: the QR code, reloaded by htmx
// every few seconds so it follows the 30-second windows. The code's
// address is also printed under it, for those who type it.
func (s *Server) codePage(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	code, err := s.Training.CheckinCode(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	d := map[string]any{"SessionID": id, "URL": s.absURL(code.Path), "Expires": code.ExpiresAt, "Fragment": c.QueryParam("fragment") != ""}
	return s.render(c, http.StatusOK, "training_code", d)
}

func (s *Server) codePNG(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	code, err := s.Training.CheckinCode(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	png, err := certificate.QRPNG(s.absURL(code.Path), 320)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", png)
}

func (s *Server) absURL(path string) string { return strings.TrimRight(s.BaseURL, "/") + path }

// checkinPage is where a scanned code lands: one button confirms, so a
// link preview or prefetch checks no one in.
func (s *Server) checkinPage(c echo.Context) error {
	q := c.QueryParams()
	return s.render(c, http.StatusOK, "training_checkin", map[string]any{"Query": q, "Done": false})
}

func (s *Server) checkinSubmit(c echo.Context) error {
	sid, _ := strconv.ParseInt(c.FormValue("s"), 10, 64)
	w, _ := strconv.ParseInt(c.FormValue("w"), 10, 64)
	ck, err := s.Training.Scan(c.Request().Context(), actorOf(c), sid, w, c.FormValue("t"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "training_checkin", map[string]any{"Query": url.Values{}, "Done": true, "Checkin": ck})
}

// teacherIDs reads the head teachers' accounts, separated by commas or
// spaces.
func (s *Server) teacherIDs(c echo.Context, field string) ([]int64, error) {
	names := strings.FieldsFunc(field, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' })
	if len(names) == 0 {
		return nil, nil
	}
	found, err := s.Org.UserIDsByUsername(c.Request().Context(), names)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(names))
	for _, n := range names {
		id, ok := found[strings.ToLower(n)]
		if !ok {
			return nil, apperr.Invalidf("班主任账号“%s”不存在", n)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// classUnit is a unit a class may be opened for or assigned to.
type classUnit struct {
	ID    int64
	Name  string
	Depth int
}

// classUnits flattens the tree the actor oversees, indented by depth.
func (s *Server) classUnits(c echo.Context) ([]classUnit, error) {
	tree, err := s.Org.Tree(c.Request().Context(), actorOf(c))
	if apperr.KindOf(err) == apperr.Forbidden { // a head teacher oversees no unit
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []classUnit
	var walk func(nodes []*org.TreeNode, depth int)
	walk = func(nodes []*org.TreeNode, depth int) {
		for _, n := range nodes {
			out = append(out, classUnit{ID: n.ID, Name: strings.Repeat("　", depth) + n.Name, Depth: depth})
			walk(n.Children, depth+1)
		}
	}
	walk(tree, 0)
	return out, nil
}

// trainingFlash translates ?ok=NAME from the training catalog.
func (s *Server) trainingFlash(c echo.Context) string {
	if v := c.QueryParam("ok"); v != "" {
		return s.views.catalogs[s.lang(c)]["training.ok."+v]
	}
	return ""
}
