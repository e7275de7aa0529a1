package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
	"lms/training"
)

// trainingRoutes registers the 专题班, certificate and claim API, the
// public verification page, and the training pages.
func (s *Server) trainingRoutes(g *echo.Group) {
	if s.Training == nil {
		return
	}
	g.GET("/training/classes", s.apiClasses, requireLogin)
	g.POST("/training/classes", s.apiClassCreate, requireLogin)
	g.GET("/training/classes/:id", s.apiClass, requireLogin)
	g.POST("/training/classes/:id/units", s.apiClassUnits, requireLogin)
	g.POST("/training/classes/:id/people", s.apiClassPeople, requireLogin)
	g.POST("/training/classes/:id/roster", s.apiClassImport, requireLogin)
	g.GET("/training/classes/:id/roster", s.apiRoster, requireLogin)
	g.POST("/training/classes/:id/apply", s.apiApply, requireLogin)
	g.POST("/training/classes/:id/applications/:user", s.apiDecide, requireLogin)
	g.POST("/training/classes/:id/courses", s.apiClassCourse, requireLogin)
	g.POST("/training/classes/:id/sessions", s.apiClassSession, requireLogin)
	g.GET("/training/classes/:id/standings", s.apiStandings, requireLogin)
	g.POST("/training/classes/:id/close", s.apiClose, requireLogin)
	g.GET("/training/classes/:id/results", s.apiClassResults, requireLogin)
	g.POST("/training/classes/:id/results/:user", s.apiCorrect, requireLogin)
	g.GET("/training/classes/:id/stats", s.apiClassStats, requireLogin)
	g.GET("/training/classes/:id/certificates", s.certificatesZip, requireLogin)
	g.GET("/training/sessions/:id/code", s.apiCode, requireLogin)
	g.GET("/training/sessions/:id/attendance", s.apiAttendance, requireLogin)
	g.POST("/training/sessions/:id/marks", s.apiMarks, requireLogin)
	g.POST("/training/checkin", s.apiCheckin, requireLogin)
	s.certificateRoutes(g)
	s.claimRoutes(g)
	s.planFileRoutes(g)
	s.trainingPageRoutes()
}

func (s *Server) apiClasses(c echo.Context) error {
	list, err := s.Training.Classes(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"classes": list})
}

func (s *Server) apiClassCreate(c echo.Context) error {
	var in training.ClassInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Training.CreateClass(c.Request().Context(), actorOf(c), s.Org, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

// classView is a class as its page and API show it to one person.
type classView struct {
	*training.Class
	Member   bool                   `json:"member"`
	Status   string                 `json:"my_status"`
	Reason   string                 `json:"my_reason"`
	Schedule *training.Schedule     `json:"schedule"`
	Standing *training.Standing     `json:"my_standing"`
	Result   *training.Result       `json:"my_result"`
	Manager  bool                   `json:"manager"`
	Certs    []training.Certificate `json:"-"`
	Files    []training.PlanFile    `json:"plan_files"`
}

func (s *Server) classView(c echo.Context, id int64) (*classView, error) {
	ctx, a := c.Request().Context(), actorOf(c)
	cl, member, err := s.Training.Class(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &classView{Class: cl, Member: member, Manager: s.Training.Manages(a, cl)}
	if v.Files, err = s.Training.PlanFiles(ctx, a, id); err != nil {
		return nil, err
	}
	if v.Schedule, err = s.Training.Schedule(ctx, a, id); err != nil {
		return nil, err
	}
	if v.Status, v.Reason, err = s.Training.MyStatus(ctx, a, id); err != nil {
		return nil, err
	}
	if member {
		if v.Standing, err = s.Training.MyStanding(ctx, a, id); err != nil {
			return nil, err
		}
	}
	v.Result, err = s.Training.MyResult(ctx, a, id)
	return v, err
}

func (s *Server) apiClass(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := s.classView(c, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) apiClassUnits(c echo.Context) error {
	var in struct {
		UnitIDs []int64 `json:"unit_ids"`
		Rank    string  `json:"rank"`
	}
	return withBody(c, http.StatusOK, &in, func(ctx echoCtx, a actor, id int64) (any, error) {
		return ok(), s.Training.AssignUnits(ctx, a, s.Org, id, in.UnitIDs, in.Rank)
	})
}

func (s *Server) apiClassPeople(c echo.Context) error {
	var in struct {
		UserIDs []int64 `json:"user_ids"`
	}
	return withBody(c, http.StatusOK, &in, func(ctx echoCtx, a actor, id int64) (any, error) {
		n, err := s.Training.AddPeople(ctx, a, id, in.UserIDs, "named")
		return map[string]int{"added": n}, err
	})
}

func (s *Server) apiRoster(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Training.Roster)
}

func (s *Server) apiApply(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), func(ctx echoCtx, a actor, id int64) (any, error) {
		st, err := s.Training.Apply(ctx, a, id)
		return map[string]string{"status": st}, err
	})
}

func (s *Server) apiDecide(c echo.Context) error {
	user, err := idParam(c, "user")
	if err != nil {
		return err
	}
	var d training.Decision
	return withBody(c, http.StatusOK, &d, func(ctx echoCtx, a actor, id int64) (any, error) {
		return ok(), s.Training.Decide(ctx, a, id, user, d)
	})
}

func (s *Server) apiClassCourse(c echo.Context) error {
	var in struct {
		CourseID int64 `json:"course_id"`
		Required bool  `json:"required"`
	}
	return withBody(c, http.StatusOK, &in, func(ctx echoCtx, a actor, id int64) (any, error) {
		return ok(), s.Training.AddCourse(ctx, a, id, in.CourseID, in.Required)
	})
}

func (s *Server) apiClassSession(c echo.Context) error {
	var in training.SessionInput
	return withBody(c, http.StatusCreated, &in, func(ctx echoCtx, a actor, id int64) (any, error) {
		return s.Training.AddSession(ctx, a, id, in)
	})
}

func (s *Server) apiStandings(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Training.Standings)
}

func (s *Server) apiClose(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Training.Close)
}

// apiClassResults answers the results as JSON, or with ?format=csv as a
// spreadsheet (UTF-8 with a BOM, so Excel reads the Chinese).
func (s *Server) apiClassResults(c echo.Context) error {
	if c.QueryParam("format") != "csv" {
		return byID(c, http.StatusOK, actorOf(c), s.Training.Results)
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	list, err := s.Training.Results(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"姓名", "结果", "原因", "出勤率", "学时", "更正"})
	for _, r := range list {
		res := "未结业"
		if r.Completed {
			res = "结业"
		}
		_ = w.Write([]string{r.Name, res, r.Reason, strconv.Itoa(r.Attendance) + "%", strconv.FormatFloat(r.Hours, 'g', -1, 64), r.Correction})
	}
	w.Flush()
	attachment(c, fmt.Sprintf("class-%d-results.csv", id), fmt.Sprintf("结业情况-%d.csv", id))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func (s *Server) apiCorrect(c echo.Context) error {
	user, err := idParam(c, "user")
	if err != nil {
		return err
	}
	var in training.Correction
	return withBody(c, http.StatusOK, &in, func(ctx echoCtx, a actor, id int64) (any, error) {
		return ok(), s.Training.Correct(ctx, a, id, user, in)
	})
}

func (s *Server) apiClassStats(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Training.Stats)
}

func (s *Server) apiCode(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Training.CheckinCode)
}

func (s *Server) apiAttendance(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Training.Attendance)
}

func (s *Server) apiMarks(c echo.Context) error {
	var in struct {
		UserIDs []int64 `json:"user_ids"`
		Present bool    `json:"present"`
	}
	return withBody(c, http.StatusOK, &in, func(ctx echoCtx, a actor, id int64) (any, error) {
		return ok(), s.Training.Mark(ctx, a, id, in.UserIDs, in.Present)
	})
}

// checkinForm is what a scanned code carries.
type checkinForm struct {
	Session int64  `json:"s" form:"s" query:"s"`
	Window  int64  `json:"w" form:"w" query:"w"`
	Token   string `json:"t" form:"t" query:"t"`
}

func (s *Server) apiCheckin(c echo.Context) error {
	var in checkinForm
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ck, err := s.Training.Scan(c.Request().Context(), actorOf(c), in.Session, in.Window, in.Token)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ck)
}

type (
	echoCtx = context.Context
	actor   = *org.Actor
)

// withBody binds the JSON body into in, then asks fn with the path id.
func withBody(c echo.Context, status int, in any, fn func(ctx context.Context, a *org.Actor, id int64) (any, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := bindJSON(c, in); err != nil {
		return err
	}
	out, err := fn(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}

func ok() map[string]bool { return map[string]bool{"ok": true} }

func formInt(c echo.Context, name string) (int64, error) {
	v, err := strconv.ParseInt(c.FormValue(name), 10, 64)
	if err != nil {
		return 0, apperr.Invalidf("“%s”须为数字", name)
	}
	return v, nil
}

// apiClassImport names the accounts of a roster file (.xlsx or .csv with
// the columns of the user roster: 账号, 姓名, 组织) to the class.
func (s *Server) apiClassImport(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	n, err := s.importClassRoster(c, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"added": n})
}

func (s *Server) importClassRoster(c echo.Context, id int64) (int, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return 0, apperr.Invalidf("请选择名单文件（Excel 或 CSV）")
	}
	f, err := fh.Open()
	if err != nil {
		return 0, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 10<<20))
	if err != nil {
		return 0, err
	}
	rows, err := org.ReadRoster(data)
	if err != nil {
		return 0, err
	}
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = r.Username
	}
	return s.Training.ImportRoster(c.Request().Context(), actorOf(c), s.Org, id, names)
}
