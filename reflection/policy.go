package reflection

import (
	"context"
	"errors"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// This file is the one place that says who may set a course's rule, write,
// read, review and share reflections. Services ask it; handlers ask the
// services.
//
// A course's rule is set by its trainers (owners and co-trainers) and by
// admins over the course's unit. A learner writes only their own
// reflection, and only for a course they are enrolled in. A reflection is
// reviewed by the course's trainers and admins as above, and by the
// committees and admins whose subtree holds the author's unit (the
// author's Party organisation); nobody reviews their own. Once shared as
// 优秀, a reflection is read by the members of the author's unit. Anyone
// else is told it does not exist.

var errNoCourses = errors.New("reflection: Courses is not wired: who teaches a course is unknown")

// Ready reports whether the service was given what its rules need.
func (s *Service) Ready() error {
	if s.Courses == nil {
		return errNoCourses
	}
	return nil
}

// teaches: the actor manages what hangs on the course.
func (s *Service) teaches(a *org.Actor, c CourseInfo) bool {
	if a.System || s.Policy.CanManageUnit(a, c.UnitPath) {
		return true
	}
	for _, id := range c.Teachers {
		if id == a.UserID && id != 0 && s.Policy.CanBuildCourses(a) {
			return true
		}
	}
	return false
}

// reviews: the actor may return or approve r.
func (s *Service) reviews(a *org.Actor, r *Reflection, c CourseInfo) bool {
	if r.UserID == a.UserID && !a.System {
		return false
	}
	return s.teaches(a, c) || s.Policy.CanViewUnit(a, r.UnitPath)
}

// reads: the actor may see r.
func (s *Service) reads(a *org.Actor, r *Reflection, c CourseInfo) bool {
	return r.UserID == a.UserID && a.UserID != 0 || s.reviews(a, r, c) ||
		r.Shared && a.UnitPath != "" && org.Within(a.UnitPath, r.UnitPath)
}

// course loads one course's info; a missing course is not found.
func (s *Service) course(ctx context.Context, id int64) (CourseInfo, error) {
	if s.Courses == nil {
		return CourseInfo{}, errNoCourses
	}
	m, err := s.Courses.Info(ctx, []int64{id})
	if err != nil {
		return CourseInfo{}, err
	}
	c, ok := m[id]
	if !ok {
		return CourseInfo{}, apperr.NotFoundf("课程不存在")
	}
	return c, nil
}

// taughtCourse loads a course the actor teaches: one they do not teach
// is refused as forbidden, one that is gone as not found.
func (s *Service) taughtCourse(ctx context.Context, a *org.Actor, id int64) (CourseInfo, error) {
	c, err := s.course(ctx, id)
	if err != nil {
		return c, err
	}
	if !s.teaches(a, c) {
		return c, apperr.Forbiddenf("只有本课程的讲师或管理该单位的管理员可以设置心得体会要求")
	}
	return c, nil
}

// enrolledCourse checks that a learner writes for a course they are in.
func (s *Service) enrolledCourse(ctx context.Context, a *org.Actor, courseID int64) (*time.Time, error) {
	if a.UserID == 0 {
		return nil, apperr.Forbiddenf("请以学员身份登录后撰写心得")
	}
	ok, due, err := s.Courses.Enrollment(ctx, a.UserID, courseID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.NotFoundf("您没有参加这门课程，不能为它撰写心得")
	}
	return due, nil
}

// readable loads a reflection the actor may see, with its course.
func (s *Service) readable(ctx context.Context, a *org.Actor, id int64) (*Reflection, CourseInfo, error) {
	r, err := getReflection(ctx, s.db, id)
	if err != nil {
		return nil, CourseInfo{}, err
	}
	c, err := s.course(ctx, r.CourseID)
	if err != nil {
		return nil, c, err
	}
	if !s.reads(a, r, c) {
		return nil, c, apperr.NotFoundf("心得不存在")
	}
	return r, c, nil
}
