package web

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
	"lms/course"
	"lms/internal/calendar"
	"lms/notice"
	"lms/org"
	"lms/training"
)

// homeData is the person's dashboard: what is due for the learner in them,
// the year's 学时, and the shortcuts of their other roles. Each part is
// what a feature's service already offers; a part that fails is logged and
// left out, so that the home page always opens.
type homeData struct {
	User       *org.User
	Notices    []notice.Item
	Todo       []course.MyCourse
	Left       map[int64]string
	Due        map[int64]string // the due day in China
	Transcript *course.Transcript
	Appraisals []appraisal.Assignment
	Classes    []training.Class
	Manages    bool
}

// homeTodoMax bounds the courses shown; the rest are on 我的学习.
const homeTodoMax = 5

func (s *Server) homeData(c echo.Context, u *org.User) homeData {
	ctx, a := c.Request().Context(), actorOf(c)
	d := homeData{User: u, Notices: s.homeNotices(c), Left: map[int64]string{}, Due: map[int64]string{},
		Manages: a.Has(org.RoleCommittee) || a.Has(org.RoleAdmin)}
	s.homeCourses(c, &d)
	d.Appraisals = s.homeAppraisals(ctx, a)
	d.Classes = s.homeClasses(ctx, a)
	return d
}

func (s *Server) homeCourses(c echo.Context, d *homeData) {
	ctx, a := c.Request().Context(), actorOf(c)
	list, err := s.Course.MyCourses(ctx, a)
	if err != nil {
		s.Log.WarnContext(ctx, "home courses", "err", err)
		return
	}
	for _, mc := range list {
		if mc.State != "completed" && len(d.Todo) < homeTodoMax {
			d.Todo = append(d.Todo, mc)
			d.Left[mc.CourseID] = s.leftLine(c, mc)
			if mc.DueAt != nil {
				d.Due[mc.CourseID] = mc.DueAt.In(calendar.Zone).Format("2006-01-02")
			}
		}
	}
	t, err := s.Course.Transcript(ctx, a, a.UserID, time.Now().In(calendar.Zone).Year())
	if err != nil {
		s.Log.WarnContext(ctx, "home transcript", "err", err)
		return
	}
	d.Transcript = t
}

// homeAppraisals are the open 群众评议 forms still to answer.
func (s *Server) homeAppraisals(ctx context.Context, a *org.Actor) []appraisal.Assignment {
	if s.Appraisal == nil {
		return nil
	}
	todo, _, err := s.Appraisal.MyAssignments(ctx, a)
	if err != nil {
		s.Log.WarnContext(ctx, "home appraisals", "err", err)
		return nil
	}
	var open []appraisal.Assignment
	for _, as := range todo {
		if !as.Answered && !as.Closed {
			open = append(open, as)
		}
	}
	return open
}

// homeClasses are the 专题班 not yet ended that the person sees.
func (s *Server) homeClasses(ctx context.Context, a *org.Actor) []training.Class {
	if s.Training == nil {
		return nil
	}
	list, err := s.Training.Classes(ctx, a)
	if err != nil {
		s.Log.WarnContext(ctx, "home classes", "err", err)
		return nil
	}
	today := time.Now().In(calendar.Zone).Format("2006-01-02")
	var open []training.Class
	for _, cl := range list {
		if cl.EndsOn.Format("2006-01-02") >= today && len(open) < homeTodoMax {
			open = append(open, cl)
		}
	}
	return open
}
