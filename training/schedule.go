package training

import (
	"context"
	"strings"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// ClassCourse is an online course of a class's schedule.
type ClassCourse struct {
	CourseID int64   `json:"course_id"`
	Title    string  `json:"title"`
	Hours    float64 `json:"hours"`
	Required bool    `json:"required"`
}

// Session is an offline session: a lecture, discussion or visit.
type Session struct {
	ID       int64     `json:"id"`
	ClassID  int64     `json:"class_id"`
	Kind     string    `json:"kind"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Place    string    `json:"place"`
	Hours    float64   `json:"hours"`
}

// SessionKinds are the kinds of offline session.
var SessionKinds = []string{"lecture", "discussion", "visit"}

// SessionInput is a new session; times are "2006-01-02T15:04" in China
// (as an HTML datetime-local field sends them) or RFC 3339.
type SessionInput struct {
	Kind     string  `json:"kind"`
	Title    string  `json:"title"`
	StartsAt string  `json:"starts_at"`
	EndsAt   string  `json:"ends_at"`
	Place    string  `json:"place"`
	Hours    float64 `json:"hours"`
}

// Schedule is what a class holds.
type Schedule struct {
	Courses  []ClassCourse `json:"courses"`
	Sessions []Session     `json:"sessions"`
}

// AddCourse puts a published course in the class's schedule and enrols
// the roster in it.
func (s *Service) AddCourse(ctx context.Context, a *org.Actor, classID, courseID int64, required bool) error {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return err
	}
	if c.State != StateOpen {
		return apperr.Conflictf("培训班已结班，课程安排不能再变")
	}
	info, err := s.Courses.CourseInfo(ctx, []int64{courseID})
	if err != nil {
		return err
	}
	ci, ok := info[courseID]
	if !ok || !ci.Published {
		return apperr.Invalidf("课程不存在或尚未发布")
	}
	if err := insertClassCourse(ctx, s.db, classID, ci, required); err != nil {
		return err
	}
	return s.enrolNew(ctx, c, nil)
}

// AddSession adds an offline session to the class.
func (s *Service) AddSession(ctx context.Context, a *org.Actor, classID int64, in SessionInput) (*Session, error) {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return nil, err
	}
	if c.State != StateOpen {
		return nil, apperr.Conflictf("培训班已结班，课程安排不能再变")
	}
	ss, err := in.validate()
	if err != nil {
		return nil, err
	}
	ss.ClassID = classID
	return ss, insertSession(ctx, s.db, ss)
}

func (in SessionInput) validate() (*Session, error) {
	if !oneOf(in.Kind, SessionKinds) {
		return nil, apperr.Invalidf("活动类型须为专题讲座、研讨交流或现场教学")
	}
	title, err := cleanText("活动名称", in.Title, 200, true)
	if err != nil {
		return nil, err
	}
	place, err := cleanText("地点", in.Place, 200, false)
	if err != nil {
		return nil, err
	}
	from, err1 := parseTime(in.StartsAt)
	to, err2 := parseTime(in.EndsAt)
	switch {
	case err1 != nil || err2 != nil:
		return nil, apperr.Invalidf("时间格式应为 2026-03-01T09:00")
	case !to.After(from):
		return nil, apperr.Invalidf("结束时间须晚于开始时间")
	case in.Hours < 0 || in.Hours > 24:
		return nil, apperr.Invalidf("学时须在 0 到 24 之间")
	}
	return &Session{Kind: in.Kind, Title: title, StartsAt: from, EndsAt: to, Place: place, Hours: in.Hours}, nil
}

func parseTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02T15:04", v, shanghai)
}

// Schedule returns the class's courses and sessions to whoever sees it.
func (s *Service) Schedule(ctx context.Context, a *org.Actor, classID int64) (*Schedule, error) {
	if _, _, err := s.Class(ctx, a, classID); err != nil {
		return nil, err
	}
	return s.schedule(ctx, classID)
}

func (s *Service) schedule(ctx context.Context, classID int64) (*Schedule, error) {
	courses, err := classCourses(ctx, s.db, classID)
	if err != nil {
		return nil, err
	}
	sessions, err := classSessions(ctx, s.db, classID)
	return &Schedule{Courses: courses, Sessions: sessions}, err
}
