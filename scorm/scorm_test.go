package scorm_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lms/course"
	"lms/internal/app"
	"lms/internal/app/apptest"
	"lms/internal/apperr"
	"lms/org"
	"lms/scorm"
)

// world is a published open course of demo_trainer's with one SCORM
// lesson, and demo_learner enrolled in it.
type world struct {
	a                *app.App
	trainer, learner *org.Actor
	courseID, lesson int64
}

func newWorld(t testing.TB, minSeconds int) *world {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, apptest.Options{})
	w := &world{a: a, trainer: login(t, a, "demo_trainer"), learner: login(t, a, "demo_learner")}
	crs, err := a.Course.CreateCourse(ctx, w.trainer, course.CourseInput{Title: ptr("高尔夫课件"), Open: ptr(true), Hours: ptr(1.0)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.Course.AddLesson(ctx, w.trainer, crs.ID, course.LessonInput{Title: ptr("课件"), Kind: "scorm",
		Required: ptr(true), MinSeconds: &minSeconds})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Course.SetState(ctx, w.trainer, crs.ID, "published"); err != nil {
		t.Fatal(err)
	}
	if err := a.Course.SelfEnroll(ctx, w.learner, crs.ID); err != nil {
		t.Fatal(err)
	}
	w.courseID, w.lesson = crs.ID, l.ID
	return w
}

func login(t testing.TB, a *app.App, username string) *org.Actor {
	t.Helper()
	_, actor, err := a.Org.Login(context.Background(), username, org.DemoPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	return actor
}

func ptr[T any](v T) *T { return &v }

func (w *world) importFixture(t testing.TB, name, rule string) *scorm.PackageView {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../shared/fixtures/scorm", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := w.a.Scorm.Import(context.Background(), w.trainer, w.lesson, bytes.NewReader(data), int64(len(data)), rule)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func firstSCO(p *scorm.PackageView) int64 {
	for _, it := range p.Items {
		if it.Href != "" {
			return it.ID
		}
	}
	return 0
}

func TestImportEachFixtureAndServeItsFiles(t *testing.T) {
	w := newWorld(t, 0)
	ctx := context.Background()
	for _, c := range []struct {
		name, version string
		scos          int
	}{
		{"singlescobasic.zip", "1.2", 1}, {"singlesco_scorm12.zip", "1.2", 1},
		{"RuntimeMinimumCalls_SCORM12.zip", "1.2", 18}, {"RuntimeBasicCalls_SCORM20043rdEdition.zip", "2004", 1},
	} {
		p := w.importFixture(t, c.name, "completed")
		n := 0
		for _, it := range p.Items {
			if it.Href != "" {
				n++
			}
		}
		if p.Version != c.version || n != c.scos {
			t.Errorf("%s: version %s with %d SCOs", c.name, p.Version, n)
		}
		f, err := w.a.Scorm.Open(ctx, w.learner, w.lesson, "shared/scormfunctions.js")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		f.Body.Close()
		if f.Size == 0 || !strings.Contains(f.ContentType, "javascript") {
			t.Errorf("%s: file %d bytes, %s", c.name, f.Size, f.ContentType)
		}
	}
	if _, err := w.a.Scorm.Open(ctx, w.learner, w.lesson, "../../etc/passwd"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("escaping path: %v", err)
	}
	outsider := login(t, w.a, "hnyx_01")
	if _, err := w.a.Scorm.Open(ctx, outsider, w.lesson, "shared/scormfunctions.js"); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("outsider reads a file: %v", err)
	}
	if _, err := w.a.Scorm.Import(ctx, w.learner, w.lesson, bytes.NewReader(nil), 0, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("learner uploads: %v", err)
	}
}

// A bad package leaves the lesson's package as it was.
func TestBadPackageKeepsTheOldOne(t *testing.T) {
	w := newWorld(t, 0)
	w.importFixture(t, "singlescobasic.zip", "completed")
	bad := []byte("PK\x03\x04 not really a zip")
	_, err := w.a.Scorm.Import(context.Background(), w.trainer, w.lesson, bytes.NewReader(bad), int64(len(bad)), "")
	if !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad zip: %v", err)
	}
	p, err := w.a.Scorm.Package(context.Background(), w.trainer, w.lesson)
	if err != nil || p == nil || p.Title != "Golf Explained - Run-time Basic Calls" {
		t.Fatalf("package after a bad upload: %+v %v", p, err)
	}
}

// A commit is durable when it returns: a fresh service over the same
// database reads it back, suspend data larger than the standards' limits
// included; a value of the wrong type stores nothing of its commit.
func TestCommitIsDurableAndValidated(t *testing.T) {
	w := newWorld(t, 0)
	ctx := context.Background()
	sco := firstSCO(w.importFixture(t, "RuntimeBasicCalls_SCORM20043rdEdition.zip", "completed"))
	big := strings.Repeat("数据", 40000) // 80,000 characters: over 2004's 64,000
	_, err := w.a.Scorm.Commit(ctx, w.learner, w.lesson, sco, scorm.CommitInput{Values: [][2]string{
		{"cmi.location", "7"}, {"cmi.suspend_data", big}, {"cmi.score.raw", "85"}, {"cmi.session_time", "PT2M"},
		{"cmi.exit", "suspend"}}, Finish: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.a.Scorm.Commit(ctx, w.learner, w.lesson, sco, scorm.CommitInput{Values: [][2]string{
		{"cmi.location", "9"}, {"cmi.score.scaled", "2"}}})
	if e := (*apperr.Error)(nil); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "407") {
		t.Fatalf("out of range: %v %v", err, e)
	}
	fresh := scorm.NewService(w.a.Pool, w.a.Store)
	fresh.Lessons = w.a.Scorm.Lessons
	rt, err := fresh.Runtime(ctx, w.learner, w.lesson, sco)
	if err != nil {
		t.Fatal(err)
	}
	v := rt.Values
	if v["cmi.location"] != "7" || v["cmi.suspend_data"] != big || v["cmi.score.raw"] != "85" || v["cmi.entry"] != "resume" ||
		v["cmi.total_time"] != "PT0H2M0.00S" {
		t.Errorf("read back: location %q entry %q total %q score %q suspend %d", v["cmi.location"], v["cmi.entry"],
			v["cmi.total_time"], v["cmi.score.raw"], len(v["cmi.suspend_data"]))
	}
	if _, ok := v["cmi.exit"]; ok {
		t.Error("cmi.exit kept past its session")
	}
	other := login(t, w.a, "hnyx_01")
	if _, err := w.a.Scorm.Runtime(ctx, other, w.lesson, sco); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("outsider reads runtime: %v", err)
	}
}

// Honest credit: a SCO that reports itself completed at once completes
// nothing until the study clock has seen the minimum time, and then the
// lesson (and the course) complete.
func TestForgedStatusCompletesNothingBeforeMinTime(t *testing.T) {
	w := newWorld(t, 2)
	ctx := context.Background()
	sco := firstSCO(w.importFixture(t, "singlescobasic.zip", "completed"))
	reply, err := w.a.Scorm.Commit(ctx, w.learner, w.lesson, sco, scorm.CommitInput{Values: [][2]string{
		{"cmi.core.lesson_status", "completed"}, {"cmi.core.session_time", "9999:00:00"}}, Finish: true})
	if err != nil || !reply.AllDone {
		t.Fatalf("commit: %+v %v", reply, err)
	}
	if p := progress(t, w); p.Completed || p.Active > 0 {
		t.Fatalf("completed on the SCO's word alone: %+v", p)
	}
	beat := func(seq int64) *course.BeatReply {
		r, err := w.a.Course.Heartbeat(ctx, w.learner, w.lesson, course.Beat{PlaybackID: "forge", Seq: seq, Visible: true, Rate: 1})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	beat(1)
	time.Sleep(1100 * time.Millisecond)
	if r := beat(2); r.LessonCompleted {
		t.Fatal("completed after one second of a two-second minimum")
	}
	time.Sleep(1100 * time.Millisecond)
	r := beat(3)
	if !r.LessonCompleted || !r.CourseCompleted {
		t.Fatalf("not completed with the time and the SCO: %+v", r)
	}
}

// The other order: the clock has the time first, and the commit that
// makes the SCOs satisfy the lesson completes it in its transaction.
func TestCommitCompletesWhenTimeIsThere(t *testing.T) {
	w := newWorld(t, 1)
	ctx := context.Background()
	sco := firstSCO(w.importFixture(t, "singlescobasic.zip", "passed"))
	for seq := int64(1); seq <= 2; seq++ {
		if _, err := w.a.Course.Heartbeat(ctx, w.learner, w.lesson, course.Beat{PlaybackID: "p", Seq: seq, Visible: true, Rate: 1}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1100 * time.Millisecond)
	}
	if _, err := w.a.Course.Heartbeat(ctx, w.learner, w.lesson, course.Beat{PlaybackID: "p", Seq: 3, Visible: true, Rate: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.a.Scorm.Commit(ctx, w.learner, w.lesson, sco, scorm.CommitInput{Values: [][2]string{
		{"cmi.core.lesson_status", "completed"}}, Finish: true}); err != nil {
		t.Fatal(err)
	}
	if progress(t, w).Completed {
		t.Fatal("completed is not passed under the passed rule")
	}
	if _, err := w.a.Scorm.Commit(ctx, w.learner, w.lesson, sco, scorm.CommitInput{Values: [][2]string{
		{"cmi.core.score.raw", "90"}, {"cmi.core.lesson_status", "passed"}}, Finish: true}); err != nil {
		t.Fatal(err)
	}
	if !progress(t, w).Completed {
		t.Fatal("not completed with time and a pass")
	}
	scores, err := w.a.Scorm.Scores(ctx, []int64{w.lesson}, []int64{w.learner.UserID})
	if err != nil || len(scores) != 1 || scores[0].Score != 90 {
		t.Fatalf("scores %+v %v", scores, err)
	}
}

func progress(t *testing.T, w *world) *course.LessonProgress {
	t.Helper()
	p, err := w.a.Course.Progress(context.Background(), w.learner, w.lesson)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
