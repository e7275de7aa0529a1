package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"lms/course"
)

// The trainer sees the course's quiz in its editor, places it between two
// lessons, and picks courses by name in the bank and quiz forms; nobody
// else may move it, nor after another course's lesson.
func TestEditorPlacesCourseQuiz(t *testing.T) {
	t.Parallel()
	ts, _ := quizCourseServer(t)
	courseID, first, quizID := ts.courseWithFinalQuiz(t)
	second, err := ts.Course.AddLesson(context.Background(), ts.courseActor(t, "demo_trainer"), courseID,
		course.LessonInput{Title: ptrTo("党章精读"), Kind: "article", ArticleHTML: ptrTo("<p>精读</p>")})
	if err != nil {
		t.Fatal(err)
	}
	other := ts.seedCourse(t, "别的课程", true)
	trainer := ts.login(t, "demo_trainer")
	editor := fmt.Sprintf("/teach/courses/%d", courseID)
	st, body := trainer.get(editor)
	wantPage(t, st, 200, body, `id="course-quizzes"`, "结业测验", fmt.Sprintf(`/quizzes/%d/place"`, quizID), `id="new-course-bank"`)

	place := fmt.Sprintf("%s/quizzes/%d/place", editor, quizID)
	for _, tc := range []struct {
		who, after string
		want       int
	}{
		{"demo_learner", fmt.Sprint(first), 403},
		{"demo_committee", fmt.Sprint(first), 403},
		{"demo_trainer", fmt.Sprint(other.Article), 400},
		{"demo_trainer", "abc", 400},
	} {
		if st, body, _ := ts.login(t, tc.who).post(place, url.Values{"after_lesson": {tc.after}}); st != tc.want {
			t.Errorf("%s places after %s: status %d, want %d: %.200s", tc.who, tc.after, st, tc.want, body)
		}
	}
	if st, _, loc := trainer.post(place, url.Values{"after_lesson": {fmt.Sprint(first)}}); st != 303 || !strings.Contains(loc, "quiz_placed") {
		t.Fatalf("trainer places the quiz: %d %s", st, loc)
	}
	_, body = ts.login(t, "demo_learner").get(fmt.Sprintf("/courses/%d", courseID))
	quizAt, secondAt := strings.Index(body, fmt.Sprintf(`data-quiz-id="%d"`, quizID)), strings.Index(body, fmt.Sprintf(`data-lesson-id="%d"`, second.ID))
	if quizAt < 0 || secondAt < 0 || quizAt > secondAt {
		t.Errorf("the quiz is not between the lessons: quiz at %d, second lesson at %d", quizAt, secondAt)
	}
	_, body = ts.login(t, "demo_learner").get(fmt.Sprintf("/lessons/%d", first))
	wantPage(t, 200, 200, body, `id="next-quiz"`, "下一步：结业测验")

	_, body = trainer.get("/quiz")
	wantPage(t, 200, 200, body, fmt.Sprintf(`<option value="%d">党章学习专题</option>`, courseID))
	_, body = trainer.get(fmt.Sprintf("/quiz/quizzes/%d/edit", quizID))
	wantPage(t, 200, 200, body, fmt.Sprintf(`<option value="%d" selected>党章学习专题</option>`, courseID))
	if strings.Contains(body, "所属课程编号") {
		t.Error("the quiz form still asks for a course number")
	}
}
