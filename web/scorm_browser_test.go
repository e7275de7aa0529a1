package web

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"lms/course"
	"lms/internal/app"
	"lms/internal/app/apptest"
	"lms/internal/testenv"
	"lms/org"
	"lms/scorm"
)

// scormFixtures are the golf examples (Rustici Software, scorm.com, CC BY 3.0).
const scormFixtures = "../../shared/fixtures/scorm"

// scormServer is the whole program serving one open course of
// demo_trainer's whose only lesson is a SCORM package, with demo_learner
// enrolled.
type scormServer struct {
	*testServer
	app                *app.App
	trainer, learner   *org.Actor
	courseID, lessonID int64
	pkg                *scorm.PackageView
}

func newScormServer(t *testing.T, fixture, rule string, minSeconds int) *scormServer {
	t.Helper()
	a, srv := appServer(t, apptest.Options{}, nil)
	ss := &scormServer{testServer: &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}, app: a}
	ctx := context.Background()
	ss.trainer, ss.learner = actorFor(t, a, "demo_trainer"), actorFor(t, a, "demo_learner")
	crs, err := a.Course.CreateCourse(ctx, ss.trainer, course.CourseInput{Title: ptrTo("高尔夫入门"), Open: ptrTo(true), Hours: ptrTo(1.0)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.Course.AddLesson(ctx, ss.trainer, crs.ID, course.LessonInput{Title: ptrTo("高尔夫课件"), Kind: "scorm",
		Required: ptrTo(true), MinSeconds: &minSeconds})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(scormFixtures, fixture))
	if err != nil {
		t.Fatal(err)
	}
	if ss.pkg, err = a.Scorm.Import(ctx, ss.trainer, l.ID, bytes.NewReader(data), int64(len(data)), rule); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Course.SetState(ctx, ss.trainer, crs.ID, "published"); err != nil {
		t.Fatal(err)
	}
	if err := a.Course.SelfEnroll(ctx, ss.learner, crs.ID); err != nil {
		t.Fatal(err)
	}
	ss.courseID, ss.lessonID = crs.ID, l.ID
	return ss
}

func actorFor(t *testing.T, a *app.App, username string) *org.Actor {
	t.Helper()
	_, actor, err := a.Org.Login(context.Background(), username, org.DemoPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	return actor
}

// runtime is what the server holds of the learner's record of a SCO.
func (ss *scormServer) runtime(t *testing.T, sco int64) map[string]string {
	t.Helper()
	rt, err := ss.app.Scorm.Runtime(context.Background(), ss.learner, ss.lessonID, sco)
	if err != nil {
		t.Fatal(err)
	}
	return rt.Values
}

// waitRuntime polls the server until the record has el = want: the
// commits of a closing page travel with keepalive.
func (ss *scormServer) waitRuntime(t *testing.T, sco int64, el, want string) map[string]string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		v := ss.runtime(t, sco)
		if v[el] == want || time.Now().After(deadline) {
			if v[el] != want {
				t.Fatalf("server's %s = %q, want %q", el, v[el], want)
			}
			return v
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (ss *scormServer) progress(t *testing.T) *course.LessonProgress {
	t.Helper()
	p, err := ss.app.Course.Progress(context.Background(), ss.learner, ss.lessonID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// acceptDialogs answers OK to every confirm() in every frame the tab
// opens (the golf examples ask whether to resume at the bookmark).
func acceptDialogs() chromedp.Action[chromedp.Void] {
	const script = `window.confirm = function () { return true; }; window.alert = function () {};`
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return chromedp.Void{}, err
	}
}

// sco is the SCO's document in the lesson page's frame.
const sco = `document.getElementById("sco-frame").contentDocument`

// golfContent is the golf launch page's own inner frame.
const golfContent = sco + `.getElementById("contentFrame").contentDocument`

func (ss *scormServer) openLesson(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "open the lesson", chromedp.Navigate(fmt.Sprintf("%s/lessons/%d", ss.URL, ss.lessonID)),
		chromedp.WaitVisible(chromedp.ID("sco-frame")))
}

// Singlescobasic (SCORM 1.2): page through, leave mid-way, come back to
// the bookmarked page, answer the final quiz, and the server holds the
// score, the status and the time its own clock saw.
func TestBrowserScorm12SingleSCO(t *testing.T) {
	t.Parallel()
	testGolfSingleSCO(t, "singlescobasic.zip", "1.2")
}

func TestBrowserScorm2004(t *testing.T) {
	t.Parallel()
	testGolfSingleSCO(t, "RuntimeBasicCalls_SCORM20043rdEdition.zip", "2004")
}

func testGolfSingleSCO(t *testing.T, fixture, version string) {
	ss := newScormServer(t, fixture, "passed", 4)
	id := firstLaunchable(ss.pkg)
	ctx := testenv.Browser(t, 90*time.Second, 1200)
	do(t, ctx, "watch", acceptDialogs(), watchCSP())
	browserLogin(t, ctx, ss.URL, "demo_learner")
	ss.openLesson(t, ctx)
	until(t, ctx, "the SCO starts", golfContent+` && `+sco+`.getElementById("butNext") && !`+sco+`.getElementById("butNext").disabled`, 10*time.Second)
	for i := 0; i < 3; i++ {
		js[bool](t, ctx, sco+`.getElementById("butNext").click() || true`)
		time.Sleep(200 * time.Millisecond)
	}
	loc, status := "cmi.core.lesson_location", "cmi.core.lesson_status"
	if version == "2004" {
		loc, status = "cmi.location", "cmi.completion_status"
	}
	// Leave mid-way: the page goes, the SCO's unload finishes its session.
	do(t, ctx, "leave", chromedp.Navigate(ss.URL+"/learn"))
	v := ss.waitRuntime(t, id, loc, "3")
	if v[status] != "incomplete" || v["cmi.core.entry"]+v["cmi.entry"] != "resume" {
		t.Fatalf("after leaving: status %q entry %q", v[status], v["cmi.core.entry"]+v["cmi.entry"])
	}
	if p := ss.progress(t); p.Completed {
		t.Fatal("completed mid-way")
	}
	ss.openLesson(t, ctx)
	until(t, ctx, "resume at the bookmark", golfContent+` && `+golfContent+`.location.href.indexOf("`+golfPage(3)+`") >= 0`, 10*time.Second)
	// Through to the final quiz, every answer right.
	until(t, ctx, "the last page", `(function(){var d=`+sco+`; var b=d.getElementById("butNext"); if(!b.disabled){b.click(); return false} return true})()`, 15*time.Second)
	until(t, ctx, "the quiz", golfContent+`.getElementById("frmTest") !== null`, 10*time.Second)
	js[bool](t, ctx, answerGolfQuiz)
	until(t, ctx, "the SCO records its score", `window.API ? API.LMSGetValue("cmi.core.score.raw") === "100" : API_1484_11.GetValue("cmi.score.raw") === "100"`, 5*time.Second)
	// The page stays open past the minimum time; then the SCO exits.
	until(t, ctx, "the clock's minimum", `document.getElementById("reading-remaining").hidden || /0 分 0 秒/.test(document.getElementById("reading-remaining").textContent)`, 20*time.Second)
	js[bool](t, ctx, sco+`.getElementById("butExit").click() || true`)
	want := "passed"
	if version == "2004" {
		want = "completed"
	}
	v = ss.waitRuntime(t, id, status, want)
	if raw := v["cmi.core.score.raw"] + v["cmi.score.raw"]; raw != "100" {
		t.Errorf("score %q", raw)
	}
	until(t, ctx, "the lesson completes", `!document.getElementById("lesson-done").hidden`, 20*time.Second)
	p := ss.progress(t)
	if !p.Completed || p.Active < 4 {
		t.Fatalf("server's lesson: %+v", p)
	}
	noProblems(t, ctx, "lesson page around the SCO")
}

func firstLaunchable(p *scorm.PackageView) int64 {
	for _, it := range p.Items {
		if it.Href != "" {
			return it.ID
		}
	}
	return 0
}

// golfPage is the golf launch page's page at index i.
func golfPage(i int) string {
	return []string{"Playing/Playing.html", "Playing/Par.html", "Playing/Scoring.html", "Playing/OtherScoring.html"}[i]
}

// answerGolfQuiz ticks the right answer of every question (the quiz
// marks them with class correctAnswer) and submits.
const answerGolfQuiz = `(function(){
  var d = ` + golfContent + `;
  d.querySelectorAll(".correctAnswer").forEach(function (c) {
    var i = c.querySelector("input");
    if (i.type === "radio") i.checked = true;
    else { i.value = c.textContent.replace(/[^0-9]/g, ""); }
  });
  d.defaultView.SubmitAnswers();
  return true;
})()`
