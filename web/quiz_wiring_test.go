package web

import (
	"context"

	"lms/course"
	"lms/org"
	"lms/quiz"
)

// courseStaff is course as quiz sees it, joined as cmd/lms joins them.
type courseStaff struct{ c *course.Service }

func (a courseStaff) Staff(ctx context.Context, ids []int64) (map[int64]quiz.CourseStaff, error) {
	found, err := a.c.Teaching(ctx, ids)
	out := make(map[int64]quiz.CourseStaff, len(found))
	for id, c := range found {
		out[id] = quiz.CourseStaff{UnitPath: c.UnitPath, Teachers: c.OwnerIDs}
	}
	return out, err
}

func wireQuizToCourses(qz *quiz.Service, crs *course.Service) {
	qz.Courses = courseStaff{crs}
	qz.Enrolled = func(ctx context.Context, userID, courseID int64) (bool, error) {
		states, err := crs.EnrolledIn(ctx, &org.Actor{UserID: userID}, []int64{courseID})
		_, ok := states[courseID]
		return ok, err
	}
}
