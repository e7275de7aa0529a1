package web

import (
	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/org"
)

// The class forms pick courses and the 结业 exam by name, never by number.

// scheduleCourse is a course a class's schedule may take, by name.
type scheduleCourse struct {
	ID    int64
	Title string
	Hours float64
}

// examChoice is a quiz a class may take as its 结业 exam, named with its course.
type examChoice struct {
	ID     int64
	Course string
	Title  string
}

// classCourses lists the published courses a class's manager may schedule:
// committees and admins those they may assign, head teachers the open
// catalogue.
func (s *Server) classCourses(c echo.Context) ([]scheduleCourse, error) {
	ctx, a := c.Request().Context(), actorOf(c)
	var list []course.Course
	var err error
	if a.System || a.Has(org.RoleCommittee) || a.Has(org.RoleAdmin) {
		list, err = s.Course.Assignable(ctx, a, "", 200)
	} else {
		list, _, err = s.Course.Catalogue(ctx, a, course.CatalogueFilter{PerPage: 100})
	}
	out := make([]scheduleCourse, len(list))
	for i, crs := range list {
		out[i] = scheduleCourse{ID: crs.ID, Title: crs.Title, Hours: crs.Hours}
	}
	return out, err
}

// classExams lists the quizzes of those courses.
func (s *Server) classExams(c echo.Context, courses []scheduleCourse) ([]examChoice, error) {
	ids, titles := make([]int64, len(courses)), make(map[int64]string, len(courses))
	for i, crs := range courses {
		ids[i], titles[crs.ID] = crs.ID, crs.Title
	}
	quizzes, err := s.Course.QuizzesOfCourses(c.Request().Context(), actorOf(c), ids)
	out := make([]examChoice, len(quizzes))
	for i, q := range quizzes {
		out[i] = examChoice{ID: q.ID, Course: titles[q.CourseID], Title: q.Title}
	}
	return out, err
}
