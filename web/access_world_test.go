package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lms/course"
	"lms/media"
	"lms/org"
	"lms/quiz"
)

// accessWorld is the victim's side of the access walk: a trainer of
// 华南分公司党委 (hn_owner) owns a published course with lessons, a
// lecture with subtitles, an upload in progress, a question bank and a
// quiz that a learner of that subtree (hnyx_01) has taken. The attackers
// come from 华北分公司党委, one of each role, plus a trainer of the
// victim's own subtree who owns nothing there, and someone not signed in.
type accessWorld struct {
	fs        *fullServer
	fill      map[string]string // "segment/:param" → what to put in the path
	attackers map[string]*client
	owner     *client
}

// attackerNames in a fixed order, so failures read the same on every run.
var attackerNames = []string{"anonymous", "learner", "trainer", "committee", "admin", "other_owner"}

func newAccessWorld(t *testing.T) *accessWorld {
	fs := newFullServer(t)
	w := &accessWorld{fs: fs, fill: map[string]string{}, attackers: map[string]*client{}}
	ctx := context.Background()
	mk := func(username, unit string, role org.Role, scope string) *org.User {
		in := org.UserInput{Username: username, DisplayName: username, UnitID: fs.unitID(t, unitPathOf(unit)),
			Password: org.DemoPassword, Roles: []org.Grant{{Role: org.RoleLearner}}}
		if role != org.RoleLearner {
			in.Roles = append(in.Roles, org.Grant{Role: role, ScopeUnitID: fs.unitID(t, unitPathOf(scope))})
		}
		u, err := fs.Org.CreateUser(ctx, org.System(), in)
		if err != nil {
			t.Fatalf("user %s: %v", username, err)
		}
		return u
	}
	owner := mk("hn_owner", "营销党支部", org.RoleTrainer, "营销党支部")
	// Of the victim's subtree, but not of the branch the course is assigned to.
	mk("hn_trainer", "华南分公司党委", org.RoleTrainer, "华南分公司党委")
	mk("hb_trainer", "第一党支部", org.RoleTrainer, "第一党支部")
	mk("hb_admin", "华北分公司党委", org.RoleAdmin, "华北分公司党委")
	for name, username := range map[string]string{"learner": "demo_learner", "trainer": "hb_trainer",
		"committee": "demo_committee", "admin": "hb_admin", "other_owner": "hn_trainer"} {
		w.attackers[name] = fs.login(t, username)
	}
	w.attackers["anonymous"] = fs.client(t)
	w.owner = fs.login(t, "hn_owner")
	learner := fs.user(t, "hnyx_01")
	w.fill["users/:id"] = fmt.Sprint(learner.ID)
	w.fill["people/:id"] = fmt.Sprint(learner.ID)
	w.fill["orgs/:id"] = fmt.Sprint(learner.UnitID)
	w.fill["lang/:lang"] = "en"
	w.fill["owner"] = fmt.Sprint(owner.ID)
	w.fill["attacker_unit"] = fmt.Sprint(fs.unitID(t, unitPathOf("华北分公司党委")))
	w.fill["images/:name"] = "0123456789abcdef0123456789abcdef.png"
	w.fill["parts/:n"] = "1"
	w.fill["subtitles/:lang"] = "zh"
	assetID := w.lecture(t, owner.ID)
	w.course(t, owner, assetID)
	w.quiz(t)
	w.notice(t)
	w.feedback(t)
	w.reflection(t)
	w.appraisal(t)
	w.training(t)
	return w
}

// unitPathOf gives the slash path of a demo unit, as unitID wants it.
func unitPathOf(name string) string {
	switch name {
	case "华北分公司党委":
		return demoNorth
	case "第一党支部":
		return firstBranch
	case "营销党支部":
		return demoSouth + "/营销党支部"
	case "华南分公司党委":
		return demoSouth
	}
	panic(name)
}

// lecture makes a 2 s clip of the owner's, transcoded, with Chinese
// subtitles, plus an upload left in progress.
func (w *accessWorld) lecture(t *testing.T, ownerID int64) int64 {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "讲座.mp4")
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10",
		"-f", "lavfi", "-i", "sine", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := w.fs.Media.Ingest(ctx, ownerID, "讲座", "讲座.mp4", f)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.fs.Media.Transcode(ctx, a.ID, "test", true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.fs.Media.AttachSubtitle(ctx, a.ID, "zh", "中文", []byte("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n字幕\n")); err != nil {
		t.Fatal(err)
	}
	up, err := w.fs.Media.StartUpload(ctx, ownerID, media.NewUpload{Title: "续传", Filename: "b.mp4", Size: 20 << 20})
	if err != nil {
		t.Fatal(err)
	}
	w.fill["media/:id"] = fmt.Sprint(a.ID)
	w.fill["uploads/:uid"] = fmt.Sprint(up.ID)
	var pb struct {
		URL string `json:"url"`
	}
	if st := w.owner.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", a.ID), nil, &pb); st != 200 {
		t.Fatalf("owner's playback: %d", st)
	}
	token := strings.TrimPrefix(pb.URL, "/media/s/")
	w.fill["s/:token"] = token[:strings.Index(token, "/")]
	return a.ID
}

// course publishes a closed course of the owner's with a chapter, an
// article and a video lesson, assigned to the learner's branch.
func (w *accessWorld) course(t *testing.T, owner *org.User, assetID int64) {
	t.Helper()
	ctx := context.Background()
	_, a, err := w.fs.Org.Login(ctx, owner.Username, org.DemoPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	crs, err := w.fs.Course.CreateCourse(ctx, a, course.CourseInput{Title: ptrTo("华南课程"), Open: ptrTo(false),
		Category: ptrTo("党性教育"), Hours: ptrTo(1.0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.fs.Course.AddChapter(ctx, a, crs.ID, "第一章"); err != nil {
		t.Fatal(err)
	}
	art, err := w.fs.Course.AddLesson(ctx, a, crs.ID, course.LessonInput{Title: ptrTo("正文"), Kind: "article",
		MinSeconds: ptrTo(10), ArticleHTML: ptrTo("<p>正文</p>")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.fs.Course.AddLesson(ctx, a, crs.ID, course.LessonInput{Title: ptrTo("讲座"), Kind: "video",
		MediaAssetID: &assetID}); err != nil {
		t.Fatal(err)
	}
	w.scorm(t, a, crs.ID)
	if _, err := w.fs.Course.SetState(ctx, a, crs.ID, "published"); err != nil {
		t.Fatal(err)
	}
	asg, err := w.fs.Course.Assign(ctx, org.System(), w.fs.Org, course.AssignInput{CourseID: crs.ID,
		UnitID: w.fs.unitID(t, unitPathOf("营销党支部")), Mandatory: true, DueAt: time.Now().Add(30 * 24 * time.Hour),
		Year: time.Now().Year()})
	if err != nil {
		t.Fatal(err)
	}
	w.fill["assignments/:id"] = fmt.Sprint(asg.ID)
	w.fill["assign/:id"] = fmt.Sprint(asg.ID)
	w.fill["courses/:id"] = fmt.Sprint(crs.ID)
	w.fill["lessons/:id"] = fmt.Sprint(art.ID)
}

// scorm gives the owner's course a SCORM lesson with a golf example,
// which the access walk reaches through its files and runtime routes.
func (w *accessWorld) scorm(t *testing.T, a *org.Actor, courseID int64) {
	t.Helper()
	ctx := context.Background()
	l, err := w.fs.Course.AddLesson(ctx, a, courseID, course.LessonInput{Title: ptrTo("课件"), Kind: "scorm"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(scormFixtures, "singlescobasic.zip"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := w.fs.App.Scorm.Import(ctx, a, l.ID, bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	w.fill["scorm/:lesson"] = fmt.Sprint(l.ID)
	w.fill["scos/:sco"] = fmt.Sprint(firstLaunchable(p))
}

// quiz gives the owner's course a bank and a quiz, which hnyx_01 takes
// and submits with a short answer waiting to be graded.
func (w *accessWorld) quiz(t *testing.T) {
	t.Helper()
	var crsID int64
	fmt.Sscan(w.fill["courses/:id"], &crsID)
	var bank quiz.Bank
	if st := w.owner.do("POST", "/api/v1/banks", map[string]any{"name": "华南题库", "course_id": crsID}, &bank); st != 201 {
		t.Fatalf("bank: %d", st)
	}
	ct, body := multipartFile(t, "q.gift.txt", []byte("简述党的宗旨。{}\n\n党员应当按期交纳党费。{TRUE}\n"))
	if st, out := w.owner.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", bank.ID), ct, body); st != 200 {
		t.Fatalf("import: %d %s", st, out)
	}
	var page quiz.QuestionPage
	w.owner.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", bank.ID), nil, &page)
	var items []map[string]any
	for _, q := range page.Questions {
		items = append(items, map[string]any{"question_id": q.ID, "points": 50})
	}
	var z quiz.Quiz
	if st := w.owner.do("POST", "/api/v1/quizzes", map[string]any{"title": "华南测验", "course_id": crsID,
		"items": items, "pass_mark": 60, "max_attempts": 1}, &z); st != 201 {
		t.Fatalf("quiz: %d", st)
	}
	taker := w.fs.login(t, "hnyx_01")
	var v quiz.AttemptView
	if st := taker.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", z.ID), nil, &v); st != 201 {
		t.Fatalf("attempt: %d", st)
	}
	var short int64
	for _, q := range v.Questions {
		if q.Type == quiz.Short {
			short = q.ID
		}
	}
	if st := taker.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", v.ID, short), map[string]any{"texts": []string{"为人民服务"}}, nil); st != 200 {
		t.Fatalf("answer: %d", st)
	}
	if st := taker.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", v.ID), nil, nil); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	w.fill["banks/:id"] = fmt.Sprint(bank.ID)
	w.fill["questions/:id"] = fmt.Sprint(short)
	w.fill["quizzes/:id"] = fmt.Sprint(z.ID)
	w.fill["quizzes/:quiz"] = fmt.Sprint(z.ID)
	w.fill["attempts/:id"] = fmt.Sprint(v.ID)
	w.fill["answers/:question_id"] = fmt.Sprint(short)
	w.fill["grades/:question_id"] = fmt.Sprint(short)
}

// tinyScorm is a valid one-SCO package for the upload route.
func tinyScorm() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("imsmanifest.xml")
	w.Write([]byte(`<manifest><organizations default="o"><organization identifier="o"><title>T</title>
<item identifier="i" identifierref="r"/></organization></organizations>
<resources><resource identifier="r" href="index.html" adlcp:scormtype="sco"/></resources></manifest>`))
	w, _ = zw.Create("index.html")
	w.Write([]byte("<p>x</p>"))
	zw.Close()
	return buf.Bytes()
}

// tinyPNG is a valid one-pixel image for upload routes.
func tinyPNG() []byte {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 1, 1)))
	return buf.Bytes()
}

// multipartBody builds a form with fields and one file.
func multipartBody(fields map[string]string, fileField, filename string, data []byte) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileField != "" {
		fw, _ := mw.CreateFormFile(fileField, filename)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}
