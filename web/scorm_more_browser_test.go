package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lms/internal/testenv"
	"lms/scorm"
)

// RuntimeMinimumCalls (SCORM 1.2, 18 SCOs in four clusters): the learner
// plays the SCOs in the manifest's order with 下一个, closes the page
// mid-way, comes back to the first SCO not done, plays the rest, answers
// the quizzes, and the lesson completes with the last SCO's Finish.
func TestBrowserScorm12MultiSCO(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "RuntimeMinimumCalls_SCORM12.zip", "completed", 3)
	var scos []int64
	for _, it := range ss.pkg.Items {
		if it.Href != "" {
			scos = append(scos, it.ID)
		}
	}
	ctx := testenv.Browser(t, 120*time.Second, 1200)
	do(t, ctx, "watch", acceptDialogs(), watchCSP())
	browserLogin(t, ctx, ss.URL, "demo_learner")
	ss.openLesson(t, ctx)
	playSCOs(t, ctx, 8)
	do(t, ctx, "leave mid-way", chromedp.Navigate(ss.URL+"/learn"))
	for i := 0; i < 9; i++ {
		ss.waitRuntime(t, scos[i], "cmi.core.lesson_status", "completed")
	}
	if v := ss.runtime(t, scos[9]); v["cmi.core.lesson_status"] != "not attempted" {
		t.Fatalf("SCO 10 before it was shown: %q", v["cmi.core.lesson_status"])
	}
	ss.openLesson(t, ctx)
	// The first SCO not done is the tenth: 下一个 resumes there.
	until(t, ctx, "resume at the tenth SCO", fmt.Sprintf(`document.querySelector("#sco-list li.current button").dataset.node === "%d"`,
		nodeIndex(ss.pkg, scos[9])), 10*time.Second)
	playSCOs(t, ctx, len(scos)-9-1)
	until(t, ctx, "the clock's minimum", `document.getElementById("reading-remaining").hidden || /0 分 0 秒/.test(document.getElementById("reading-remaining").textContent)`, 20*time.Second)
	do(t, ctx, "leave at the end", chromedp.Navigate(ss.URL+"/learn"))
	for _, id := range scos {
		ss.waitRuntime(t, id, "cmi.core.lesson_status", "completed")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !ss.progress(t).Completed && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if p := ss.progress(t); !p.Completed || p.Active < 3 {
		t.Fatalf("server's lesson: %+v", p)
	}
}

// playSCOs waits for each SCO to initialise, answers it if it is a quiz,
// and goes on with 下一个, n times.
func playSCOs(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		until(t, ctx, "the SCO initialises", `window.API && API.LMSGetLastError() === "0" && `+sco+` && `+sco+`.readyState === "complete" && API.LMSGetValue("cmi.core.lesson_status") !== ""`, 10*time.Second)
		js[bool](t, ctx, `(function(){ var d = `+sco+`; if (d.getElementById("frmTest")) {
			d.querySelectorAll(".correctAnswer input").forEach(function (i) { if (i.type === "radio") i.checked = true; });
			d.defaultView.SubmitAnswers(); } return true })()`)
		js[bool](t, ctx, `document.getElementById("sco-next").click() || true`)
		time.Sleep(300 * time.Millisecond)
	}
}

func nodeIndex(p *scorm.PackageView, id int64) int {
	for i, it := range p.Items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

// singlesco_scorm12 is content that never calls the API: shown for the
// lesson's time and left, it completes as an asset does.
func TestBrowserScorm12ContentPackaging(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "singlesco_scorm12.zip", "completed", 3)
	ctx := testenv.Browser(t, 60*time.Second, 1200)
	browserLogin(t, ctx, ss.URL, "demo_learner")
	ss.openLesson(t, ctx)
	until(t, ctx, "the content shows", sco+` && `+sco+`.body && /Not implemented yet/.test(`+sco+`.body.textContent)`, 10*time.Second)
	until(t, ctx, "the clock's minimum", `document.getElementById("reading-remaining").hidden || /0 分 0 秒/.test(document.getElementById("reading-remaining").textContent)`, 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	do(t, ctx, "leave", chromedp.Navigate(ss.URL+"/learn"))
	ss.waitRuntime(t, firstLaunchable(ss.pkg), "cmi.core.lesson_status", "completed")
	deadline := time.Now().Add(5 * time.Second)
	for !ss.progress(t).Completed && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if p := ss.progress(t); !p.Completed {
		t.Fatalf("server's lesson: %+v", p)
	}
}

// A script that reports completion at once completes nothing before the
// minimum time; calls before LMSInitialize and values of the wrong type
// get the standard's error codes and store nothing.
func TestBrowserScormForgedStatusAndBadCalls(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "singlesco_scorm12.zip", "completed", 600)
	ctx := testenv.Browser(t, 60*time.Second, 1200)
	browserLogin(t, ctx, ss.URL, "demo_learner")
	ss.openLesson(t, ctx)
	until(t, ctx, "the content shows", sco+` && `+sco+`.body && /Not implemented yet/.test(`+sco+`.body.textContent)`, 10*time.Second)
	got := js[string](t, ctx, `(function(){ var api = document.getElementById("sco-frame").contentWindow.parent.API, out = [];
		function r(v) { out.push(v + "/" + api.LMSGetLastError()); }
		r(api.LMSGetValue("cmi.core.lesson_status")); r(api.LMSSetValue("cmi.core.lesson_status", "completed")); r(api.LMSCommit(""));
		r(api.LMSInitialize("")); r(api.LMSInitialize(""));
		r(api.LMSSetValue("cmi.core.score.raw", "abc")); r(api.LMSSetValue("cmi.core.student_id", "x"));
		r(api.LMSGetValue("cmi.core.exit")); r(api.LMSGetValue("cmi.core.nothing")); r(api.LMSGetValue("cmi.core.lesson_status._children"));
		r(api.LMSSetValue("cmi.core.lesson_status", "completed")); r(api.LMSCommit(""));
		return out.join(" "); })()`)
	want := "/301 false/301 false/301 true/0 false/101 false/405 false/403 /404 /401 /202 true/0 true/0"
	if got != want {
		t.Fatalf("API calls:\n got  %s\n want %s", got, want)
	}
	v := ss.runtime(t, firstLaunchable(ss.pkg))
	if v["cmi.core.lesson_status"] != "completed" || v["cmi.core.score.raw"] != "" {
		t.Fatalf("server's record: status %q score %q", v["cmi.core.lesson_status"], v["cmi.core.score.raw"])
	}
	if p := ss.progress(t); p.Completed {
		t.Fatalf("a forged status completed the lesson: %+v", p)
	}
	// The server refuses the same bad value sent around the page.
	st, body := ss.commitRaw(t, ctx, `{"values":[["cmi.core.score.raw","abc"]]}`)
	if st != 400 || !strings.Contains(body, "405") {
		t.Fatalf("forged bad value: %d %s", st, body)
	}
}

// commitRaw posts a commit from the learner's page as a script would.
func (ss *scormServer) commitRaw(t *testing.T, ctx context.Context, body string) (int, string) {
	t.Helper()
	res := js[[]any](t, ctx, fmt.Sprintf(`(function(){ var x = new XMLHttpRequest();
		x.open("POST", "/api/v1/scorm/%d/scos/%d/commit", false);
		x.setRequestHeader("Content-Type", "application/json");
		x.setRequestHeader("X-CSRF-Token", document.querySelector('meta[name="csrf-token"]').content);
		x.send(%q); return [x.status, x.responseText]; })()`, ss.lessonID, firstLaunchable(ss.pkg), body))
	return int(res[0].(float64)), res[1].(string)
}

// quiet2004 is a SCORM 2004 package whose SCO does nothing by itself, so
// a test can call the API in every state.
func quiet2004(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"imsmanifest.xml": `<manifest xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"><metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>静默课件</title><item identifier="i" identifierref="r"><title>第一节</title></item></organization></organizations>
<resources><resource identifier="r" href="index.html" adlcp:scormType="sco"><file href="index.html"/></resource></resources></manifest>`,
		"index.html": `<!doctype html><title>静默</title><p>静默课件</p>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestBrowserScorm2004ErrorCodes(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "singlesco_scorm12.zip", "completed", 600)
	data := quiet2004(t)
	var err error
	if ss.pkg, err = ss.app.Scorm.Import(context.Background(), ss.trainer, ss.lessonID, bytes.NewReader(data), int64(len(data)), ""); err != nil {
		t.Fatal(err)
	}
	ctx := testenv.Browser(t, 60*time.Second, 1200)
	browserLogin(t, ctx, ss.URL, "demo_learner")
	ss.openLesson(t, ctx)
	until(t, ctx, "the content shows", sco+` && `+sco+`.body && /静默课件/.test(`+sco+`.body.textContent)`, 10*time.Second)
	got := js[string](t, ctx, `(function(){ var api = window.API_1484_11, out = [];
		function r(v) { out.push(v + "/" + api.GetLastError()); }
		r(api.GetValue("cmi.location")); r(api.SetValue("cmi.location", "1")); r(api.Commit("")); r(api.Terminate(""));
		r(api.Initialize("")); r(api.Initialize(""));
		r(api.GetValue("cmi.location")); r(api.SetValue("cmi.score.scaled", "2")); r(api.SetValue("cmi.completion_status", "passed"));
		r(api.SetValue("cmi.learner_id", "x")); r(api.GetValue("cmi.session_time")); r(api.SetValue("cmi.interactions.0.type", "choice"));
		r(api.GetValue("cmi.nothing")); r(api.SetValue("cmi.location", "第3页")); r(api.Commit(""));
		r(api.Terminate("")); r(api.GetValue("cmi.location")); r(api.SetValue("cmi.location", "2")); r(api.Commit("")); r(api.Terminate(""));
		r(typeof window.API);
		return out.join(" "); })()`)
	want := "/122 false/132 false/142 false/112 true/0 false/103 /403 false/407 false/406 false/404 /405 false/408 /401 true/0 true/0 " +
		"true/0 /123 false/133 false/143 false/113 undefined/113"
	if got != want {
		t.Fatalf("API calls:\n got  %s\n want %s", got, want)
	}
	if v := ss.runtime(t, firstLaunchable(ss.pkg)); v["cmi.location"] != "第3页" || v["cmi.score.scaled"] != "" {
		t.Fatalf("server's record: %v", v)
	}
}

// The demo's own courseware (scorm/demo) plays: the reading SCO is marked
// learned, the quiz answered, and the server has the pass and the score.
func TestBrowserScormDemoPackage(t *testing.T) {
	t.Parallel()
	ss := newScormServer(t, "singlesco_scorm12.zip", "completed", 2)
	data, err := scorm.DemoPackage()
	if err != nil {
		t.Fatal(err)
	}
	if ss.pkg, err = ss.app.Scorm.Import(context.Background(), ss.trainer, ss.lessonID, bytes.NewReader(data), int64(len(data)), ""); err != nil {
		t.Fatal(err)
	}
	ctx := testenv.Browser(t, 60*time.Second, 1200)
	do(t, ctx, "watch", watchCSP())
	browserLogin(t, ctx, ss.URL, "demo_learner")
	ss.openLesson(t, ctx)
	until(t, ctx, "the first SCO", sco+` && `+sco+`.getElementById("learned") && API.LMSGetValue("cmi.core.lesson_status") === "incomplete"`, 10*time.Second)
	js[bool](t, ctx, sco+`.getElementById("learned").click() || true`)
	until(t, ctx, "learned", sco+`.getElementById("state").textContent !== ""`, 5*time.Second)
	js[bool](t, ctx, `document.getElementById("sco-next").click() || true`)
	until(t, ctx, "the quiz", sco+` && `+sco+`.getElementById("quiz") && API.LMSGetValue("cmi.core.lesson_status") === "incomplete"`, 10*time.Second)
	js[bool](t, ctx, `(function(){ var d = `+sco+`; d.querySelectorAll("input[data-right]").forEach(function (i) { i.checked = true; });
		d.getElementById("submit").click(); return true })()`)
	until(t, ctx, "the score", sco+`.getElementById("result").textContent.indexOf("得分 100") === 0`, 5*time.Second)
	until(t, ctx, "the lesson completes", `!document.getElementById("lesson-done").hidden`, 20*time.Second)
	var ids []int64
	for _, it := range ss.pkg.Items {
		ids = append(ids, it.ID)
	}
	if v := ss.runtime(t, ids[0]); v["cmi.core.lesson_status"] != "completed" || v["cmi.core.lesson_location"] != "end" {
		t.Errorf("first SCO: %q %q", v["cmi.core.lesson_status"], v["cmi.core.lesson_location"])
	}
	if v := ss.runtime(t, ids[1]); v["cmi.core.lesson_status"] != "passed" || v["cmi.core.score.raw"] != "100" || v["cmi.interactions.1.result"] != "correct" {
		t.Errorf("quiz SCO: %q %q", v["cmi.core.lesson_status"], v["cmi.core.score.raw"])
	}
	if p := ss.progress(t); !p.Completed {
		t.Fatalf("server's lesson: %+v", p)
	}
	noProblems(t, ctx, "demo lesson page")
}
