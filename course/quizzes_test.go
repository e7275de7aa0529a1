package course

import "testing"

func TestCourseQuizState(t *testing.T) {
	for _, tc := range []struct {
		q    CourseQuiz
		want string
		left int
	}{
		{CourseQuiz{MaxAttempts: 3}, "not_started", 3},
		{CourseQuiz{MaxAttempts: 3, Attempts: 1}, "again", 2},
		{CourseQuiz{MaxAttempts: 3, Attempts: 3}, "failed", 0},
		{CourseQuiz{MaxAttempts: 3, Attempts: 2, Passed: true, Best: 80}, "passed", 1},
		{CourseQuiz{Attempts: 5}, "again", -1},
		{CourseQuiz{MaxAttempts: 1, Attempts: 1, Pending: true}, "pending", 0},
	} {
		if got := tc.q.State(); got != tc.want || tc.q.AttemptsLeft() != tc.left {
			t.Errorf("%+v: state %s, left %d; want %s, %d", tc.q, got, tc.q.AttemptsLeft(), tc.want, tc.left)
		}
	}
}

// A quiz follows the lesson the trainer chose; one whose lesson is gone,
// or that has none, comes after the last.
func TestQuizzesAfter(t *testing.T) {
	chs := []Chapter{{Lessons: []Lesson{{ID: 1}, {ID: 2}}}, {Lessons: []Lesson{{ID: 3}}}}
	got := QuizzesAfter(chs, []CourseQuiz{{ID: 10, AfterLesson: 1}, {ID: 11}, {ID: 12, AfterLesson: 99}, {ID: 13, AfterLesson: 3}})
	if len(got[1]) != 1 || got[1][0].ID != 10 || len(got[3]) != 1 || got[3][0].ID != 13 ||
		len(got[0]) != 2 || got[0][0].ID != 11 || got[0][1].ID != 12 {
		t.Errorf("placed %+v", got)
	}
}
