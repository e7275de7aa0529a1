package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/internal/apperr"
	"lms/internal/calendar"
	"lms/org"
)

// The committee's assignment form and the admin's study-hour requirements.
func (s *Server) assignPageRoutes(g *echo.Group) {
	g.GET("/assign", s.assignPage)
	g.POST("/assign", s.assignSubmit)
	g.POST("/assign/:id/withdraw", s.withdrawSubmit)
	g.GET("/admin/requirements", s.requirementsPage, s.adminOnly)
	g.POST("/admin/requirements", s.requirementsSubmit, s.adminOnly)
}

// assignForm is the assignment form, kept as typed when it is refused.
type assignForm struct {
	CourseID  int64
	UnitID    int64
	Usernames string
	Mandatory bool
	Due       string
	Year      int
}

type assignData struct {
	Form    assignForm
	Query   string
	Courses []course.Course
	Units   []unitOption
	Done    int64 // people enrolled by the assignment just made, -1 for none
	Error   string
	// Assignments of the chosen course that the committee may withdraw.
	Assignments []course.AssignmentRow
	Withdrawn   bool
}

func (s *Server) assignData(c echo.Context, f assignForm) (*assignData, error) {
	q := c.QueryParam("q")
	list, err := s.Course.Assignable(c.Request().Context(), actorOf(c), q, 100)
	if err != nil {
		return nil, err
	}
	_, units, err := s.unitOptions(c)
	if err != nil {
		return nil, err
	}
	return &assignData{Form: f, Query: q, Courses: list, Units: units, Done: -1}, nil
}

func (s *Server) assignPage(c echo.Context) error {
	f := assignForm{Mandatory: true, Year: time.Now().In(calendar.Zone).Year()}
	if v := c.QueryParam("course"); v != "" {
		id, err := parseID(v)
		if err != nil {
			return err
		}
		f.CourseID = id
	}
	d, err := s.assignData(c, f)
	if err != nil {
		return err
	}
	if v := c.QueryParam("done"); v != "" {
		d.Done, _ = strconv.ParseInt(v, 10, 64)
	}
	d.Withdrawn = c.QueryParam("withdrawn") != ""
	if f.CourseID != 0 {
		d.Assignments, err = s.Course.CourseAssignments(c.Request().Context(), actorOf(c), f.CourseID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
	}
	return s.render(c, http.StatusOK, "course_assign", d)
}

func (s *Server) assignSubmit(c echo.Context) error {
	f, in, err := s.readAssignForm(c)
	if err == nil {
		var out *course.Assignment
		if out, err = s.Course.Assign(c.Request().Context(), actorOf(c), s.Org, in); err == nil {
			return c.Redirect(http.StatusSeeOther, "/assign?done="+strconv.FormatInt(out.Enrolled, 10))
		}
	}
	st, msg, ok := s.inlineError(c, err)
	if !ok {
		return err
	}
	d, derr := s.assignData(c, f)
	if derr != nil {
		return derr
	}
	d.Error = msg
	return s.render(c, st, "course_assign", d)
}

func (s *Server) readAssignForm(c echo.Context) (assignForm, course.AssignInput, error) {
	f := assignForm{Usernames: c.FormValue("usernames"), Mandatory: c.FormValue("mandatory") != "0",
		Due: c.FormValue("due")}
	f.CourseID, _ = strconv.ParseInt(c.FormValue("course_id"), 10, 64)
	f.UnitID, _ = strconv.ParseInt(c.FormValue("unit_id"), 10, 64)
	f.Year, _ = strconv.Atoi(c.FormValue("year"))
	in := course.AssignInput{CourseID: f.CourseID, UnitID: f.UnitID, Mandatory: f.Mandatory, Year: f.Year}
	if f.CourseID <= 0 {
		return f, in, apperr.Invalidf("请选择要分配的课程")
	}
	due, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(f.Due), calendar.Zone)
	if err != nil {
		return f, in, apperr.Invalidf("请选择截止日期")
	}
	// A due date is the whole of that day.
	in.DueAt = due.Add(24*time.Hour - time.Second)
	if in.UserIDs, err = s.namedUsers(c, f.Usernames, c.Request().Form["user_ids"]); err != nil {
		return f, in, err
	}
	return f, in, nil
}

// namedUsers resolves the typed account names and the people picked by the
// search (user_ids), each through the org policy: a name outside the
// committee's subtree is reported as not found, as the API does.
func (s *Server) namedUsers(c echo.Context, typed string, picked []string) ([]int64, error) {
	var ids []int64
	for _, v := range picked {
		id, err := parseID(v)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	names := splitList(typed)
	if len(names) > 500 {
		return nil, apperr.Invalidf("一次最多输入 500 个账号，更多人请按组织分配")
	}
	for _, name := range names {
		id, err := s.userIDByName(c, name)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *Server) userIDByName(c echo.Context, name string) (int64, error) {
	page, err := s.Org.ListUsers(c.Request().Context(), actorOf(c), org.UserFilter{Query: name, PerPage: 50})
	if err != nil {
		return 0, err
	}
	for _, u := range page.Users {
		if strings.EqualFold(u.Username, name) {
			return u.ID, nil
		}
	}
	return 0, apperr.NotFoundf("找不到账号“%s”，或不在您的管辖范围内", name)
}

type requirementRow struct {
	course.Requirement
	Unit string
	Cap  string // the daily cap, empty when none
}

type requirementsData struct {
	Rows  []requirementRow
	Units []unitOption
	Ranks []string // the 职级 in use in the units the viewer manages
	Form  requirementForm
	Flash string
	Error string
}

type requirementForm struct {
	UnitID                                  int64
	Rank, Hours, Cycle, StartYear, DailyCap string
}

func (s *Server) requirementsData(c echo.Context, f requirementForm) (*requirementsData, error) {
	list, err := s.Course.Requirements(c.Request().Context(), actorOf(c))
	if err != nil {
		return nil, err
	}
	_, units, err := s.unitOptions(c)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.Path] = strings.TrimLeft(u.Label, "　")
	}
	d := &requirementsData{Units: manageable(units), Form: f}
	if d.Ranks, err = s.ranksUnder(c, d.Units); err != nil {
		return nil, err
	}
	for _, r := range list {
		row := requirementRow{Requirement: r, Unit: names[r.UnitPath]}
		if r.DailyCap != nil {
			row.Cap = num(*r.DailyCap)
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// ranksUnder lists the 职级 in use under the top units of opts (those no
// other option contains), each once.
func (s *Server) ranksUnder(c echo.Context, opts []unitOption) ([]string, error) {
	var out []string
	for _, o := range opts {
		if slices.ContainsFunc(opts, func(p unitOption) bool { return strings.HasPrefix(o.Path, p.Path+".") }) {
			continue
		}
		ranks, err := s.Org.RanksIn(c.Request().Context(), o.Path)
		if err != nil {
			return nil, err
		}
		for _, r := range ranks {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

func (s *Server) requirementsPage(c echo.Context) error {
	d, err := s.requirementsData(c, requirementForm{Cycle: "1", StartYear: strconv.Itoa(time.Now().In(calendar.Zone).Year())})
	if err != nil {
		return err
	}
	d.Flash = s.flash(c)
	return s.render(c, http.StatusOK, "course_requirements", d)
}

func (s *Server) requirementsSubmit(c echo.Context) error {
	f := requirementForm{Rank: strings.TrimSpace(c.FormValue("rank")), Hours: c.FormValue("hours"),
		Cycle: c.FormValue("cycle_years"), StartYear: c.FormValue("start_year"), DailyCap: c.FormValue("daily_cap")}
	f.UnitID, _ = strconv.ParseInt(c.FormValue("unit_id"), 10, 64)
	in, err := f.input()
	if err == nil {
		err = s.Course.SetRequirement(c.Request().Context(), actorOf(c), s.Org, in)
	}
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		d, derr := s.requirementsData(c, f)
		if derr != nil {
			return derr
		}
		d.Error = msg
		return s.render(c, st, "course_requirements", d)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/requirements?ok=requirement_saved")
}

func (f requirementForm) input() (course.RequirementInput, error) {
	in := course.RequirementInput{UnitID: f.UnitID, Rank: f.Rank}
	if f.UnitID <= 0 {
		return in, apperr.Invalidf("请选择组织")
	}
	if len([]rune(f.Rank)) > 30 {
		return in, apperr.Invalidf("职级不能超过 30 个字符")
	}
	hours, err := formFloat(f.Hours, "学时要求")
	if err != nil || hours == nil {
		return in, apperr.Invalidf("请填写学时要求（数字）")
	}
	in.Hours = *hours
	if in.CycleYears, err = strconv.Atoi(strings.TrimSpace(f.Cycle)); err != nil {
		return in, apperr.Invalidf("周期须为 1 到 10 年")
	}
	if in.StartYear, err = strconv.Atoi(strings.TrimSpace(f.StartYear)); err != nil {
		return in, apperr.Invalidf("起始年度无效")
	}
	in.DailyCap, err = formFloat(f.DailyCap, "每日上限")
	return in, err
}

// withdrawSubmit undoes an assignment from the course's list on /assign.
func (s *Server) withdrawSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	row, err := s.Course.Withdraw(c.Request().Context(), actorOf(c), s.Org, id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/assign?withdrawn=1&course="+strconv.FormatInt(row.CourseID, 10))
}
