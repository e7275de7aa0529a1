package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lms/course"
)

// The trainer adds a SCORM lesson with its package from the editor, sees
// its outline, is told in Chinese what is wrong with a bad zip (the lesson
// keeps its package), and sees the learners' results.
func TestScormEditorUploadAndResults(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "singlescobasic.zip", "completed", 0)
	trainer := ss.login(t, "demo_trainer")
	if st, body := trainer.get(fmt.Sprintf("/teach/courses/%d", ss.courseID)); st != 200 || !strings.Contains(body, "SCORM 课件") {
		t.Fatalf("editor: %d", st)
	}
	data, err := os.ReadFile(filepath.Join(scormFixtures, "RuntimeMinimumCalls_SCORM12.zip"))
	if err != nil {
		t.Fatal(err)
	}
	ct, body := multipartBody(map[string]string{"_csrf": trainer.csrf, "kind": "scorm", "title": "多 SCO 课件",
		"minutes": "1", "rule": "completed", "required": "1"}, "package", "golf.zip", data)
	if st, page := trainer.quizRaw("POST", fmt.Sprintf("/teach/courses/%d/lessons", ss.courseID), ct, body); st != http.StatusSeeOther {
		t.Fatalf("add lesson: %d %s", st, page)
	}
	lesson := lastLesson(t, ss)
	st, page := trainer.get(fmt.Sprintf("/teach/lessons/%d", lesson.ID))
	if st != 200 || !strings.Contains(page, "当前课件：Golf Explained - Minimum Run-time Calls（SCORM 1.2，") ||
		!strings.Contains(page, "Playing Golf Quiz") || lesson.MinSeconds != 60 {
		t.Fatalf("lesson page: %d %v", st, lesson)
	}
	for name, c := range map[string]struct {
		file []byte
		want string
	}{
		"not a zip":   {[]byte("%PDF-1.4"), "上传的文件不是有效的 zip 压缩包"},
		"no manifest": {tinyZip(map[string]string{"index.html": "x"}), "压缩包根目录没有 imsmanifest.xml"},
		"missing":     {tinyZip(map[string]string{"imsmanifest.xml": string(readManifest(t))}), "引用的文件在压缩包中不存在：missing.html"},
	} {
		ct, body := multipartBody(map[string]string{"_csrf": trainer.csrf}, "package", "bad.zip", c.file)
		st, page := trainer.quizRaw("POST", fmt.Sprintf("/teach/lessons/%d/scorm", lesson.ID), ct, body)
		if st != http.StatusBadRequest || !strings.Contains(page, c.want) {
			t.Errorf("%s: %d, want the message %q", name, st, c.want)
		}
	}
	if _, page := trainer.get(fmt.Sprintf("/teach/lessons/%d", lesson.ID)); !strings.Contains(page, "Minimum Run-time Calls") {
		t.Error("a bad upload replaced the package")
	}
	// The learner's score appears in the trainer's results.
	learner := ss.login(t, "demo_learner")
	sco := firstLaunchable(ss.pkg)
	var reply map[string]any
	if st := learner.do("POST", fmt.Sprintf("/api/v1/scorm/%d/scos/%d/commit", ss.lessonID, sco),
		map[string]any{"values": [][2]string{{"cmi.core.score.raw", "88"}, {"cmi.core.lesson_status", "passed"}}, "finish": true}, &reply); st != 200 {
		t.Fatalf("commit: %d %v", st, reply)
	}
	st, page = trainer.get(fmt.Sprintf("/teach/lessons/%d", ss.lessonID))
	if st != 200 || !strings.Contains(page, `id="scorm-results"`) || !strings.Contains(page, "张学员") || !strings.Contains(page, `class="score">88<`) {
		i := strings.Index(page, "scorm-results")
		t.Fatalf("results: %d %s", st, page[max(i, 0):min(len(page), max(i, 0)+1500)])
	}
	// And in the committee's report of the person, beside the quiz score.
	st, page = ss.login(t, "demo_committee").get(fmt.Sprintf("/reports/people/%d", ss.learner.UserID))
	if st != 200 || !strings.Contains(page, "课件成绩") || !strings.Contains(page, `class="courseware-score">88<`) {
		i := strings.Index(page, "transcript")
		t.Fatalf("report: %d %s", st, page[max(i, 0):min(len(page), max(i, 0)+3000)])
	}
	if st, _, _ := trainer.post(fmt.Sprintf("/teach/lessons/%d/scorm/rule", ss.lessonID), map[string][]string{"rule": {"passed"}}); st != http.StatusSeeOther {
		t.Errorf("rule: %d", st)
	}
	if st, _, _ := learner.post(fmt.Sprintf("/teach/lessons/%d/scorm/rule", ss.lessonID), map[string][]string{"rule": {"completed"}}); st != 403 {
		t.Errorf("learner sets the rule: %d", st)
	}
	if p, _ := ss.app.Scorm.Package(context.Background(), ss.trainer, ss.lessonID); p.Rule != "passed" {
		t.Errorf("rule %q", p.Rule)
	}
}

func lastLesson(t *testing.T, ss *scormServer) course.Lesson {
	t.Helper()
	_, chapters, err := ss.app.Course.Outline(context.Background(), ss.trainer, ss.courseID)
	if err != nil {
		t.Fatal(err)
	}
	ls := chapters[len(chapters)-1].Lessons
	return ls[len(ls)-1]
}

// tinyZip makes a zip of the given files.
func tinyZip(files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

// readManifest is a manifest whose SCO's file is not in the zip with it.
func readManifest(t *testing.T) []byte {
	return []byte(`<manifest><organizations default="o"><organization identifier="o"><title>T</title>
<item identifier="i" identifierref="r"/></organization></organizations>
<resources><resource identifier="r" href="missing.html" adlcp:scormtype="sco"/></resources></manifest>`)
}

// A package's files carry the policy courseware needs and show only in the
// platform's frame; the lesson page around them keeps the platform's.
func TestScormFileHeaders(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "singlescobasic.zip", "completed", 0)
	learner := ss.login(t, "demo_learner")
	st, _, h := learner.raw("GET", fmt.Sprintf("/scorm/%d/files/shared/launchpage.html", ss.lessonID), "", nil)
	if st != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'self'") ||
		h.Get("X-Frame-Options") != "SAMEORIGIN" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("file: %d %v", st, h)
	}
	if st, _, _ := learner.raw("GET", fmt.Sprintf("/scorm/%d/files/nothing.html", ss.lessonID), "", nil); st != 404 {
		t.Errorf("missing file: %d", st)
	}
	st, _, h = learner.raw("GET", fmt.Sprintf("/lessons/%d", ss.lessonID), "", nil)
	if csp := h.Get("Content-Security-Policy"); st != 200 || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("lesson page: %d %s", st, csp)
	}
	outsider := ss.login(t, "hnyx_01")
	if st, _, _ := outsider.raw("GET", fmt.Sprintf("/scorm/%d/files/shared/launchpage.html", ss.lessonID), "", nil); st != 403 {
		t.Errorf("outsider reads a file: %d", st)
	}
}

// The course editor marks a SCORM lesson that has no package yet, as it
// marks a document lesson without its file.
func TestScormEditorMarksLessonWithoutPackage(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "singlescobasic.zip", "completed", 0)
	trainer := ss.login(t, "demo_trainer")
	editor := fmt.Sprintf("/teach/courses/%d", ss.courseID)
	if st, page := trainer.get(editor); st != 200 || strings.Contains(page, "未上传课件包") {
		t.Fatalf("the packaged lesson is marked: %d", st)
	}
	if _, err := ss.app.Course.AddLesson(context.Background(), ss.trainer, ss.courseID, course.LessonInput{
		Title: ptrTo("待上传课件"), Kind: "scorm"}); err != nil {
		t.Fatal(err)
	}
	if st, page := trainer.get(editor); st != 200 || strings.Count(page, "未上传课件包") != 1 {
		t.Errorf("the lesson without a package is not marked once: %d", st)
	}
}
