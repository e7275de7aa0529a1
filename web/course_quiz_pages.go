package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/internal/apperr"
)

// quizStep is a course's quiz as a step of its outline: where it leads and
// the learner's standing in words.
type quizStep struct {
	course.CourseQuiz
	Href  string
	State string // not_started, again, passed, failed, pending
	Label string
	// RequiredLabel is 必须通过 in the viewer's language.
	RequiredLabel string
}

// quizSteps turns the course's quizzes, by the lesson they follow, into
// the outline's steps.
func (s *Server) quizSteps(c echo.Context, after map[int64][]course.CourseQuiz) map[int64][]quizStep {
	out := make(map[int64][]quizStep, len(after))
	for at, list := range after {
		for _, q := range list {
			out[at] = append(out[at], s.quizStep(c, q))
		}
	}
	return out
}

func (s *Server) quizStep(c echo.Context, q course.CourseQuiz) quizStep {
	st := quizStep{CourseQuiz: q, Href: "/quiz/quizzes/" + strconv.FormatInt(q.ID, 10), State: q.State(),
		RequiredLabel: s.tr(c, "quiz.step.required")}
	switch st.State {
	case "passed":
		st.Label = s.tr(c, "quiz.step.passed", q.Best)
	case "again":
		if n := q.AttemptsLeft(); n > 0 {
			st.Label = s.tr(c, "quiz.step.again", n)
		} else {
			st.Label = s.tr(c, "quiz.step.again_any")
		}
	default:
		st.Label = s.tr(c, "quiz.step."+st.State)
	}
	return st
}

// nextQuiz is the step after a lesson when it is a quiz: the first placed
// after it, or after the last lesson when it is the last.
func nextQuiz(after map[int64][]quizStep, lessonID int64, last bool) *quizStep {
	if list := after[lessonID]; len(list) > 0 {
		return &list[0]
	}
	if list := after[0]; last && len(list) > 0 {
		return &list[0]
	}
	return nil
}

// leftLine is what 我的学习 says is left of a course, or "".
func (s *Server) leftLine(c echo.Context, mc course.MyCourse) string {
	if len(mc.Left) == 0 {
		return ""
	}
	return s.tr(c, "learn.left", strings.Join(mc.Left, "、"))
}

// quizToTake is the first required quiz of the outline not passed yet.
func quizToTake(chapters []course.Chapter, steps map[int64][]quizStep) *quizStep {
	order := []int64{}
	for _, ch := range chapters {
		for _, l := range ch.Lessons {
			order = append(order, l.ID)
		}
	}
	for _, at := range append(order, 0) {
		for i, q := range steps[at] {
			if q.Required && !q.Passed {
				return &steps[at][i]
			}
		}
	}
	return nil
}

// courseQuizzes is one course of the learner's with its quizzes, for 测验考试.
type courseQuizzes struct {
	CourseID int64
	Title    string
	Steps    []quizStep
}

// myCourseQuizzes lists the quizzes of the courses the viewer is enrolled
// in, in the order of 我的学习.
func (s *Server) myCourseQuizzes(c echo.Context) ([]courseQuizzes, error) {
	if s.Course == nil {
		return nil, nil
	}
	ctx, a := c.Request().Context(), actorOf(c)
	mine, err := s.Course.MyCourses(ctx, a)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(mine))
	for i, mc := range mine {
		ids[i] = mc.CourseID
	}
	list, err := s.Course.QuizzesOfCourses(ctx, a, ids)
	if err != nil {
		return nil, err
	}
	byCourse := map[int64][]quizStep{}
	for _, q := range list {
		byCourse[q.CourseID] = append(byCourse[q.CourseID], s.quizStep(c, q))
	}
	var out []courseQuizzes
	for _, mc := range mine {
		if steps := byCourse[mc.CourseID]; len(steps) > 0 {
			out = append(out, courseQuizzes{CourseID: mc.CourseID, Title: mc.Title, Steps: steps})
		}
	}
	return out, nil
}

// outlineQuizzes lists the course's lessons and its quizzes in outline order.
func outlineQuizzes(v *course.CourseView) ([]course.Lesson, []course.CourseQuiz) {
	var lessons []course.Lesson
	var quizzes []course.CourseQuiz
	for _, ch := range v.Chapters {
		for _, l := range ch.Lessons {
			lessons = append(lessons, l)
			quizzes = append(quizzes, v.QuizzesAfter[l.ID]...)
		}
	}
	return lessons, append(quizzes, v.QuizzesAfter[0]...)
}

// editorQuizPlaceSubmit puts a course's quiz after one of its lessons (0:
// at the end), from the course editor.
func (s *Server) editorQuizPlaceSubmit(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	quizID, err := idParam(c, "quiz")
	if err != nil {
		return err
	}
	after, err := strconv.ParseInt(c.FormValue("after_lesson"), 10, 64)
	if err != nil || after < 0 {
		return apperr.Invalidf("请选择测验放在哪一课之后")
	}
	d, err := s.editorData(c, id)
	if err != nil {
		return err
	}
	if after != 0 && !slices.ContainsFunc(d.Lessons, func(l course.Lesson) bool { return l.ID == after }) {
		return apperr.Invalidf("所选课时不属于本课程")
	}
	if s.Quiz == nil {
		return apperr.NotFoundf("测验不存在")
	}
	if err := s.Quiz.PlaceQuiz(c.Request().Context(), s.viewer(c), quizID, id, after); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/teach/courses/"+strconv.FormatInt(id, 10)+"?ok=quiz_placed#course-quizzes")
}

// courseChoice is a course a trainer may hang a bank or quiz on, by name.
type courseChoice struct {
	ID    int64
	Title string
}

// courseChoices lists the courses the viewer teaches, for the bank and
// quiz forms' course select.
func (s *Server) courseChoices(c echo.Context) ([]courseChoice, error) {
	a := actorOf(c)
	if s.Course == nil || a == nil {
		return nil, nil
	}
	list, _, err := s.Course.Catalogue(c.Request().Context(), a, course.CatalogueFilter{OwnerID: a.UserID, PerPage: 100})
	out := make([]courseChoice, len(list))
	for i, crs := range list {
		out[i] = courseChoice{ID: crs.ID, Title: crs.Title}
	}
	return out, err
}
