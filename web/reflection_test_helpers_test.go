package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"lms/course"
	"lms/internal/db"
	"lms/reflection"
)

// reflectionServer is the web server with reflections joined to courses.
type reflectionServer struct {
	*testServer
	Reflection *reflection.Service
	db         db.DBTX
}

func newReflectionServer(t *testing.T) *reflectionServer {
	t.Helper()
	rs := &reflectionServer{}
	rs.testServer = newTestServerWith(t, func(d *Deps) {
		rs.Reflection, rs.db = d.Reflection, d.DB
	})
	return rs
}

// reflectionCourse is a published course of demo_trainer with one article
// lesson (read in a second), 1.5 学时, assigned to 第一党支部 with a due
// date, requiring a reflection of minChars.
func (ts *reflectionServer) reflectionCourse(t *testing.T, minChars int) (courseID, lessonID int64) {
	t.Helper()
	ctx, trainer := context.Background(), ts.courseActor(t, "demo_trainer")
	c, err := ts.Course.CreateCourse(ctx, trainer, course.CourseInput{Title: ptrTo("新时代党员教育管理专题"), Open: ptrTo(false),
		Category: ptrTo("党性教育"), Hours: ptrTo(1.5)})
	if err != nil {
		t.Fatal(err)
	}
	art, err := ts.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: ptrTo("学习材料"), Kind: "article",
		MinSeconds: ptrTo(1), ArticleHTML: ptrTo("<p>坚持把党员教育管理作为党的建设的基础性经常性工作。</p>")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Course.SetState(ctx, trainer, c.ID, "published"); err != nil {
		t.Fatal(err)
	}
	ts.assignTo(t, c.ID, firstBranch, 10)
	if _, err := ts.Reflection.SetRule(ctx, trainer, c.ID, reflection.RuleInput{Required: true, MinChars: minChars,
		Prompt: "结合本职工作谈体会"}); err != nil {
		t.Fatal(err)
	}
	return c.ID, art.ID
}

// readLesson completes an article lesson for the learner by heartbeats.
func (ts *reflectionServer) readLesson(t *testing.T, username string, lessonID int64) {
	t.Helper()
	ctx, learner := context.Background(), ts.courseActor(t, username)
	for seq := int64(1); seq <= 2; seq++ {
		if _, err := ts.Course.Heartbeat(ctx, learner, lessonID, course.Beat{PlaybackID: "r", Seq: seq, Visible: true}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1100 * time.Millisecond)
	}
}

// enrollmentState reads the learner's enrollment and credited hours.
func (ts *reflectionServer) enrollmentState(t *testing.T, username string, courseID int64) (string, float64) {
	t.Helper()
	u := ts.user(t, username)
	e, err := ts.Course.EnrollmentFor(context.Background(), u.ID, courseID)
	if err != nil || e == nil {
		t.Fatalf("enrollment of %s: %v %v", username, e, err)
	}
	var hours float64
	if err := ts.db.QueryRow(context.Background(), `SELECT coalesce(sum(hours), 0)::float8 FROM credit_ledger
		WHERE user_id = $1 AND course_id = $2`, u.ID, courseID).Scan(&hours); err != nil {
		t.Fatal(err)
	}
	return e.State, hours
}

func reflectionPath(courseID int64) string {
	return fmt.Sprintf("/api/v1/courses/%d/reflection", courseID)
}

// reflection makes the victim's course require a reflection, which
// hnyx_01 submits: the walk tries every reflection route on it.
func (w *accessWorld) reflection(t *testing.T) {
	t.Helper()
	crs := w.fill["courses/:id"]
	if st := w.owner.do("PUT", "/api/v1/courses/"+crs+"/reflection-rule", map[string]any{"required": true, "min_chars": 50}, nil); st != 200 {
		t.Fatalf("reflection rule: %d", st)
	}
	var r reflection.Reflection
	body := map[string]any{"body": reflectionText(t, "honest_a.txt"), "share_ok": true}
	if st := w.fs.login(t, "hnyx_01").do("POST", "/api/v1/courses/"+crs+"/reflection/submit", body, &r); st != 200 {
		t.Fatalf("reflection: %d", st)
	}
	w.fill["reflections/:id"] = fmt.Sprint(r.ID)
}
