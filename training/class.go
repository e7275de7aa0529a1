package training

import (
	"context"
	"strings"
	"time"
	"unicode"

	"lms/internal/apperr"
	"lms/org"
)

// Kinds of class, as 干部教育培训 names them.
var Kinds = []string{"集中轮训", "专题培训", "任职培训", "岗位培训", "党员培训", "其他"}

// States of a class.
const (
	StateOpen   = "open"
	StateClosed = "closed"
)

// Class is a 专题班.
type Class struct {
	ID            int64      `json:"id"`
	UnitID        int64      `json:"unit_id"`
	UnitPath      string     `json:"-"`
	Name          string     `json:"name"`
	Kind          string     `json:"kind"`
	Level         string     `json:"level"`
	Organiser     string     `json:"organiser"`
	StartsOn      time.Time  `json:"starts_on"`
	EndsOn        time.Time  `json:"ends_on"`
	Plan          string     `json:"plan"`
	Capacity      int        `json:"capacity"`
	Hours         float64    `json:"hours"`
	OpenApply     bool       `json:"open_apply"`
	QuizID        *int64     `json:"quiz_id"`
	MinAttendance int        `json:"min_attendance"`
	State         string     `json:"state"`
	ClosedAt      *time.Time `json:"closed_at"`
	CreatedBy     int64      `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
	TeacherIDs    []int64    `json:"teacher_ids"`
}

// ClassInput is what a committee sets when it creates a class.
type ClassInput struct {
	UnitID        int64   `json:"unit_id"`
	Name          string  `json:"name"`
	Kind          string  `json:"kind"`
	Level         string  `json:"level"`
	Organiser     string  `json:"organiser"`
	StartsOn      string  `json:"starts_on"` // YYYY-MM-DD, in China
	EndsOn        string  `json:"ends_on"`
	Plan          string  `json:"plan"`
	Capacity      int     `json:"capacity"` // 0: no limit
	Hours         float64 `json:"hours"`
	OpenApply     bool    `json:"open_apply"`
	QuizID        *int64  `json:"quiz_id"`
	MinAttendance int     `json:"min_attendance"`
	TeacherIDs    []int64 `json:"teacher_ids"`
}

// Units finds a unit the actor may know of (org.Service does).
type Units interface {
	Unit(ctx context.Context, a *org.Actor, id int64) (*org.Unit, error)
}

func (in *ClassInput) validate() (from, to time.Time, err error) {
	for _, f := range []struct {
		name     string
		p        *string
		max      int
		required bool
	}{{"班级名称", &in.Name, 200, true}, {"层级", &in.Level, 50, false}, {"主办单位", &in.Organiser, 100, true},
		{"培训方案", &in.Plan, 20000, false}} {
		if *f.p, err = cleanText(f.name, *f.p, f.max, f.required); err != nil {
			return from, to, err
		}
	}
	in.Plan = planHTML(in.Plan)
	switch {
	case !oneOf(in.Kind, Kinds):
		return from, to, apperr.Invalidf("班级类型须为：%s", strings.Join(Kinds, "、"))
	case in.Capacity < 0 || in.Capacity > 100000:
		return from, to, apperr.Invalidf("人数上限须在 0 到 100000 之间（0 为不限）")
	case in.Hours < 0 || in.Hours > 1000:
		return from, to, apperr.Invalidf("学时须在 0 到 1000 之间")
	case in.MinAttendance < 0 || in.MinAttendance > 100:
		return from, to, apperr.Invalidf("出勤率要求须在 0 到 100 之间")
	case len(in.TeacherIDs) > 20:
		return from, to, apperr.Invalidf("班主任最多 20 人")
	}
	return parseSpan(in.StartsOn, in.EndsOn)
}

// parseSpan reads two dates of China and checks their order.
func parseSpan(from, to string) (time.Time, time.Time, error) {
	f, err1 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(from), shanghai)
	t, err2 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(to), shanghai)
	switch {
	case err1 != nil || err2 != nil:
		return f, t, apperr.Invalidf("日期须为 年-月-日，如 2026-03-01")
	case t.Before(f):
		return f, t, apperr.Invalidf("结束日期不能早于开始日期")
	}
	return f, t, nil
}

func cleanText(field, v string, max int, required bool) (string, error) {
	v = strings.TrimSpace(v)
	if required && v == "" {
		return "", apperr.Invalidf("%s不能为空", field)
	}
	bad := strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' })
	if len([]rune(v)) > max || bad >= 0 {
		return "", apperr.Invalidf("%s不能超过 %d 个字符，也不能包含控制字符", field, max)
	}
	return v, nil
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// CreateClass opens a class for a unit's subtree; only the committee or an
// admin over that unit may.
func (s *Service) CreateClass(ctx context.Context, a *org.Actor, units Units, in ClassInput) (*Class, error) {
	from, to, err := in.validate()
	if err != nil {
		return nil, err
	}
	u, err := units.Unit(ctx, a, in.UnitID)
	if err != nil {
		return nil, err
	}
	if !s.managesUnit(a, u.Path) {
		return nil, apperr.Forbiddenf("只能为本党委管辖范围内的单位开班")
	}
	if err := s.checkPeople(ctx, in.TeacherIDs); err != nil {
		return nil, err
	}
	c := &Class{UnitID: u.ID, UnitPath: u.Path, Name: in.Name, Kind: in.Kind, Level: in.Level, Organiser: in.Organiser,
		StartsOn: from, EndsOn: to, Plan: in.Plan, Capacity: in.Capacity, Hours: in.Hours, OpenApply: in.OpenApply,
		QuizID: in.QuizID, MinAttendance: in.MinAttendance, CreatedBy: a.UserID, TeacherIDs: in.TeacherIDs}
	if err := insertClass(ctx, s.db, c); err != nil {
		return nil, err
	}
	return s.loadClass(ctx, c.ID)
}

// checkPeople refuses ids of no one.
func (s *Service) checkPeople(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	names, err := s.People.Names(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, ok := names[id]; !ok {
			return apperr.Invalidf("用户 %d 不存在", id)
		}
	}
	return nil
}

// Class returns a class the actor may see, with whether they are in it.
func (s *Service) Class(ctx context.Context, a *org.Actor, id int64) (*Class, bool, error) {
	c, err := s.loadClass(ctx, id)
	if err != nil {
		return nil, false, err
	}
	member, err := isMember(ctx, s.db, id, a.UserID)
	if err != nil {
		return nil, false, err
	}
	if !s.sees(a, c, member) {
		return nil, false, apperr.NotFoundf("培训班不存在")
	}
	return c, member, nil
}

// managed returns a class the actor runs; others read "not found" or
// "forbidden" as the class is hidden from them or only visible.
func (s *Service) managed(ctx context.Context, a *org.Actor, id int64) (*Class, error) {
	c, _, err := s.Class(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !s.manages(a, c) {
		return nil, apperr.Forbiddenf("只有本班的班主任、党委或管理员可以管理培训班")
	}
	return c, nil
}

func (s *Service) loadClass(ctx context.Context, id int64) (*Class, error) {
	c, err := getClass(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Classes lists what the actor runs, is in, or may apply to.
func (s *Service) Classes(ctx context.Context, a *org.Actor) ([]Class, error) {
	return listClasses(ctx, s.db, a.UserID, a.UnitPath, a.ScopePaths(org.RoleCommittee, org.RoleAdmin), a.System)
}
