package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/course"
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
