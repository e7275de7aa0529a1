package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/course"
	"lms/internal/app/apptest"
	"lms/internal/testenv"
	"lms/media"
	"lms/org"
)

// courseBrowser has a phone's width and a budget for making and
// transcoding a lecture first.
func courseBrowser(t *testing.T, timeout time.Duration) context.Context {
	return testenv.Browser(t, timeout, 412)
}

// until waits for a script expression to become true in the page.
func until(t *testing.T, ctx context.Context, what, expr string, timeout time.Duration) {
	t.Helper()
	do(t, ctx, what, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(timeout),
		chromedp.WithPollingInterval(200*time.Millisecond)))
}

func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := settled(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func TestBrowserEnrolFromCatalogue(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "公文写作基础", true)
	ctx := newBrowser(t)
	browserLogin(t, ctx, ts.URL, "bgs_01")
	card := fmt.Sprintf(`li[data-course-id="%d"]`, crs.ID)
	do(t, ctx, "enrol from the catalogue",
		chromedp.Navigate(ts.URL+"/catalogue"),
		chromedp.WaitVisible(chromedp.CSS(card)),
		chromedp.Click(chromedp.CSS(card+" button.enroll")),
		chromedp.WaitVisible(chromedp.ID("enrollment")))
	wantText(t, "course page", text(t, ctx, "main"), "报名成功", "公文写作基础", "课程大纲", "学习材料")
	do(t, ctx, "open the first lesson",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/lessons/%d"]`, crs.Article))),
		chromedp.WaitVisible(chromedp.ID("article")))
	wantText(t, "article", text(t, ctx, "#article"), "学习正文")
	wantText(t, "reading time", text(t, ctx, "#reading-remaining"), "还需阅读")
	do(t, ctx, "dashboard", chromedp.Navigate(ts.URL+"/learn"), chromedp.WaitVisible(chromedp.ID("todo")))
	wantText(t, "dashboard", text(t, ctx, "#todo"), "公文写作基础", "选修")
}

// courseMediaServer is the web server with courses and media joined as in
// production: lessons take their duration from media, heartbeats are
// credited only for segments fetched, and enrolled learners may play.
type courseMediaServer struct {
	*testServer
	Media *media.Service
	pool  *pgxpool.Pool // to set up what a test cannot make happen at once
}

// newCourseMediaServer is the whole program (internal/app) with an
// insert-only job client: the test runs the transcode itself.
func newCourseMediaServer(t *testing.T) *courseMediaServer {
	t.Helper()
	a, srv := appServer(t, apptest.Options{}, nil)
	ts := &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}
	return &courseMediaServer{testServer: ts, Media: a.Media, pool: a.Pool}
}

// readyLecture makes a 20 s clip, ingests it as the trainer's and
// transcodes it.
func (ms *courseMediaServer) readyLecture(t *testing.T, owner int64) int64 {
	t.Helper()
	path := filepath.Join(t.TempDir(), "第一讲.mp4")
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine", "-t", "20",
		"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	a, err := ms.Media.Ingest(ctx, owner, "第一讲", "第一讲.mp4", f)
	if err != nil {
		t.Fatal(err)
	}
	if err := ms.Media.Transcode(ctx, a.ID, "test", true); err != nil {
		t.Fatal(err)
	}
	if a, err = ms.Media.Asset(ctx, a.ID); err != nil || a.State != media.StateReady {
		t.Fatalf("lecture not ready: %+v %v", a, err)
	}
	return a.ID
}

// videoLesson publishes an open course (2× allowed, 90 % to complete, no
// skipping) with one video lesson playing a ready lecture, and enrolls
// demo_learner; it returns the course and the lesson.
func (ms *courseMediaServer) videoLesson(t *testing.T, presence bool) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	trainer, learner := ms.courseActor(t, "demo_trainer"), ms.courseActor(t, "demo_learner")
	crs, err := ms.Course.CreateCourse(ctx, trainer, course.CourseInput{Title: ptrTo("视频课程"), Open: ptrTo(true),
		MaxRate: ptrTo(2.0), CompletePct: ptrTo(90.0), ForbidSkip: ptrTo(true), PresenceCheck: &presence})
	if err != nil {
		t.Fatal(err)
	}
	lesson, err := ms.Course.AddLesson(ctx, trainer, crs.ID, course.LessonInput{Title: ptrTo("第一讲"), Kind: "video"})
	if err != nil {
		t.Fatal(err)
	}
	asset := ms.readyLecture(t, trainer.UserID)
	tc := ms.login(t, "demo_trainer")
	if st := tc.do("PATCH", fmt.Sprintf("/api/v1/lessons/%d", lesson.ID), map[string]any{"media_asset_id": asset}, nil); st != 200 {
		t.Fatalf("attach the lecture: %d", st)
	}
	// The editor offers the trainer's lectures by name.
	st, body := tc.get(fmt.Sprintf("/teach/lessons/%d", lesson.ID))
	wantPage(t, st, 200, body, fmt.Sprintf(`<option value="%d" selected>第一讲 · 0:20</option>`, asset), "视频已就绪，时长 20 秒")
	if _, err := ms.Course.SetState(ctx, trainer, crs.ID, "published"); err != nil {
		t.Fatal(err)
	}
	if err := ms.Course.SelfEnroll(ctx, learner, crs.ID); err != nil {
		t.Fatal(err)
	}
	return crs.ID, lesson.ID
}

const playFast = `(() => { const v = document.getElementById("video"); v.muted = true; v.playbackRate = 2; v.play(); return 1 })()`

// A learner plays a video lesson at double speed, pauses, reloads the page
// and finds the player where they stopped, cannot skip ahead, and plays on
// until the lesson is completed.
func TestBrowserPlayLessonResumeComplete(t *testing.T) {
	t.Parallel()
	ms := newCourseMediaServer(t)
	ctx, learner := context.Background(), ms.courseActor(t, "demo_learner")
	crsID, lessonID := ms.videoLesson(t, false)
	progress := func() *course.LessonProgress {
		p, err := ms.Course.Progress(ctx, learner, lessonID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}

	b := courseBrowser(t, 150*time.Second)
	browserLogin(t, b, ms.URL, "demo_learner")
	page := fmt.Sprintf("%s/lessons/%d", ms.URL, lessonID)
	do(t, b, "open the lesson", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("video")))
	wantText(t, "watermark", text(t, b, "#watermark"), "张学员", "demo_learner")
	until(t, b, "lecture loaded", `document.getElementById("video").readyState >= 1`, 20*time.Second)
	js[any](t, b, playFast)
	until(t, b, "eight seconds played", `document.getElementById("video").currentTime >= 8`, 20*time.Second)
	js[any](t, b, `(() => { document.getElementById("video").pause(); return 1 })()`)
	deadline := time.Now().Add(10 * time.Second)
	for progress().Position < 7.5 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	p := progress()
	if p.Position < 7.5 || p.Covered < 7 || p.Completed {
		t.Fatalf("after pausing: %+v", p)
	}
	t.Logf("paused at %.1f s, %.1f s covered", p.Position, p.Covered)

	do(t, b, "reload", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("video")))
	until(t, b, "resumed near the last position",
		fmt.Sprintf(`Math.abs(document.getElementById("video").currentTime - %f) < 1.5`, p.Position), 20*time.Second)
	// Skipping is forbidden: a jump to the end lands back at the furthest point.
	js[any](t, b, `(() => { document.getElementById("video").currentTime = 19; return 1 })()`)
	until(t, b, "seek held back", fmt.Sprintf(`document.getElementById("video").currentTime <= %f`, p.Furthest+1.5), 5*time.Second)
	js[any](t, b, playFast)
	until(t, b, "lesson completed", `!document.getElementById("lesson-done").hidden`, 40*time.Second)
	wantText(t, "status", text(t, b, "#lesson-status"), "已完成")
	until(t, b, "course completed", `!document.getElementById("course-done").hidden`, 5*time.Second)
	wantText(t, "course done", text(t, b, "#course-done"), "本课程已全部完成")
	if p := progress(); !p.Completed || p.Covered < 18 {
		t.Errorf("after playing on: %+v", p)
	} else {
		t.Logf("completed: %.1f of 20 s covered, position %.1f", p.Covered, p.Position)
	}
	// A completed lecture reopens where it stopped, with 从头观看.
	do(t, b, "reopen the completed lesson", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("video")))
	until(t, b, "reopened near the end", `document.getElementById("video").currentTime >= 15`, 20*time.Second)
	until(t, b, "从头观看 offered", `!document.getElementById("restart").hidden`, 5*time.Second)
	do(t, b, "watch from the start", chromedp.Click(chromedp.ID("restart")))
	until(t, b, "back at the start", `document.getElementById("video").currentTime < 3`, 5*time.Second)
	do(t, b, "course page", chromedp.Navigate(fmt.Sprintf("%s/courses/%d", ms.URL, crsID)), chromedp.WaitVisible(chromedp.ID("outline")))
	wantText(t, "course page", text(t, b, "#outline"), "已完成")
	wantText(t, "course percent", text(t, b, "#course-percent"), "100%")
}

// Skipping is forbidden and the page was hidden while the lecture played on:
// the server counted none of it, so the player goes back to where counting
// stopped and says why, instead of letting the learner play on for nothing.
func TestBrowserUncountedStretchGoesBack(t *testing.T) {
	t.Parallel()
	ms := newCourseMediaServer(t)
	_, lessonID := ms.videoLesson(t, false)
	b := courseBrowser(t, 90*time.Second)
	browserLogin(t, b, ms.URL, "demo_learner")
	do(t, b, "open the lesson", chromedp.Navigate(fmt.Sprintf("%s/lessons/%d", ms.URL, lessonID)), chromedp.WaitVisible(chromedp.ID("video")))
	until(t, b, "lecture loaded", `document.getElementById("video").readyState >= 1`, 20*time.Second)
	js[any](t, b, playFast)
	until(t, b, "playing, clock started", `document.getElementById("video").currentTime > 1 && window.lmsLesson.state().acked >= 1`, 20*time.Second)
	seen := func(state string) string {
		return fmt.Sprintf(`(() => { Object.defineProperty(document, "visibilityState", {configurable: true, get: () => %q});
			document.dispatchEvent(new Event("visibilitychange")); return 1 })()`, state)
	}
	js[any](t, b, seen("hidden"))
	until(t, b, "played on while hidden", `document.getElementById("video").currentTime >= 12`, 20*time.Second)
	js[any](t, b, seen("visible"))
	until(t, b, "back where counting stopped", `document.getElementById("video").currentTime < 8 && window.lmsLesson.state().furthest < 8`, 10*time.Second)
	wantText(t, "message", text(t, b, "#lesson-msg"), "未计入学时")
}

// A second tab takes over: the first is told and stops, and takes over
// again with its button. An "are you still there?" check pauses the video
// until it is answered, and the answer reaches the server.
func TestBrowserTakeoverAndPresence(t *testing.T) {
	t.Parallel()
	ms := newCourseMediaServer(t)
	learner := ms.courseActor(t, "demo_learner")
	_, lessonID := ms.videoLesson(t, true)
	page := fmt.Sprintf("%s/lessons/%d", ms.URL, lessonID)
	first := courseBrowser(t, 120*time.Second)
	browserLogin(t, first, ms.URL, "demo_learner")
	open := func(tab context.Context) {
		do(t, tab, "open the lesson", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("video")))
		until(t, tab, "lecture loaded", `document.getElementById("video").readyState >= 1`, 20*time.Second)
		js[any](t, tab, playFast)
		until(t, tab, "playing", `document.getElementById("video").currentTime > 1 && window.lmsLesson.state().seq >= 1`, 20*time.Second)
	}
	open(first)
	second, cancel := chromedp.NewContext(first) // another tab, same session
	defer cancel()
	open(second)
	pause := `(() => { document.getElementById("video").pause(); return 1 })()`
	js[any](t, first, pause)
	until(t, first, "first tab told", `!document.getElementById("superseded").hidden`, 10*time.Second)
	wantText(t, "overlay", text(t, first, "#superseded"), "正在其他窗口或设备上学习", "在此继续")
	do(t, first, "continue here", chromedp.Click(chromedp.ID("resume-here")))
	// Wait until the server has acknowledged the first tab's new playback:
	// only then has it taken over.
	until(t, first, "first tab plays again", `document.getElementById("superseded").hidden && !document.getElementById("video").paused
		&& window.lmsLesson.state().acked >= 1`, 20*time.Second)
	js[any](t, second, pause)
	until(t, second, "second tab told", `!document.getElementById("superseded").hidden`, 20*time.Second)

	// The server asks whether the learner is still there (the course
	// draws such checks at random; here it is set at once).
	_, err := ms.pool.Exec(context.Background(), `UPDATE lesson_progress SET check_id = 'c-test', check_due_at = now() + interval '90 seconds'
		WHERE user_id = $1 AND lesson_id = $2`, learner.UserID, lessonID)
	if err != nil {
		t.Fatal(err)
	}
	js[any](t, first, pause)
	until(t, first, "asked", `document.getElementById("presence").open && document.getElementById("video").paused`, 10*time.Second)
	wantText(t, "question", text(t, first, "#presence"), "您还在学习吗？")
	do(t, first, "answer", chromedp.Click(chromedp.ID("presence-yes")))
	until(t, first, "answered", `!document.getElementById("presence").open`, 5*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	var check string
	for time.Now().Before(deadline) {
		if err := ms.pool.QueryRow(context.Background(), `SELECT check_id FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`,
			learner.UserID, lessonID).Scan(&check); err != nil {
			t.Fatal(err)
		}
		if check == "" {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if check != "" {
		t.Errorf("the answer did not reach the server: check %q still open", check)
	}
}

// The reader sends heartbeats while the article is shown: the minimum
// reading time counts down and the lesson completes.
func TestBrowserReadArticle(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "廉洁从业", true)
	ts.setReadingTime(t, crs.Article, 5)
	learner := ts.courseActor(t, "demo_learner")
	if err := ts.Course.SelfEnroll(context.Background(), learner, crs.ID); err != nil {
		t.Fatal(err)
	}
	b := courseBrowser(t, 60*time.Second)
	browserLogin(t, b, ts.URL, "demo_learner")
	do(t, b, "open the article", chromedp.Navigate(fmt.Sprintf("%s/lessons/%d", ts.URL, crs.Article)),
		chromedp.WaitVisible(chromedp.ID("article")))
	wantText(t, "remaining", text(t, b, "#reading-remaining"), "还需阅读 0 分 5 秒")
	until(t, b, "read long enough", `!document.getElementById("lesson-done").hidden && document.getElementById("reading-remaining").hidden`, 25*time.Second)
	p, err := ts.Course.Progress(context.Background(), learner, crs.Article)
	if err != nil || !p.Completed || p.Active < 5 {
		t.Errorf("reading progress %+v, %v", p, err)
	}
}

// Dragging a lesson into another chapter saves the new order at once.
func TestBrowserEditorDragAndDrop(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "拖动排序", false)
	ctx, trainer := context.Background(), ts.courseActor(t, "demo_trainer")
	ch2, err := ts.Course.AddChapter(ctx, trainer, crs.ID, "第二章")
	if err != nil {
		t.Fatal(err)
	}
	moved, err := ts.Course.AddLesson(ctx, trainer, crs.ID, course.LessonInput{Title: ptrTo("第三课"), Kind: "article", ChapterID: &ch2.ID})
	if err != nil {
		t.Fatal(err)
	}
	b := courseBrowser(t, 40*time.Second)
	browserLogin(t, b, ts.URL, "demo_trainer")
	do(t, b, "open the editor", chromedp.Navigate(fmt.Sprintf("%s/teach/courses/%d", ts.URL, crs.ID)),
		chromedp.WaitVisible(chromedp.ID("chapters")))
	// The drag as the browser reports it: start on the lesson, over the top
	// of the first chapter's first lesson, end.
	js[any](t, b, fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		const src = document.querySelector('li[data-lesson-id="%d"]');
		const target = document.querySelector('.chapter .lesson');
		const r = target.getBoundingClientRect();
		src.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: dt}));
		target.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt, clientX: r.left + 5, clientY: r.top + 2}));
		src.dispatchEvent(new DragEvent("dragend", {bubbles: true, dataTransfer: dt}));
		return 1 })()`, moved.ID))
	until(t, b, "order saved", `document.getElementById("outline-msg").textContent.includes("顺序已保存")`, 10*time.Second)
	_, chapters, err := ts.Course.Outline(ctx, org.System(), crs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(chapters[0].Lessons) != 3 || chapters[0].Lessons[0].ID != moved.ID || len(chapters[1].Lessons) != 0 {
		t.Errorf("after the drag: %+v", chapters)
	}
}

// A script that posts heartbeats without fetching the lecture earns
// nothing; once the learner fetched a segment through the app, exactly
// the seconds it holds count.
func TestHeartbeatsCountOnlyFetchedSegments(t *testing.T) {
	t.Parallel()
	ms := newCourseMediaServer(t)
	_, lessonID := ms.videoLesson(t, false)
	learner := ms.login(t, "demo_learner")
	path := fmt.Sprintf("/api/v1/lessons/%d/heartbeat", lessonID)
	var r course.BeatReply
	beat := func(seq int64, played ...course.Span) {
		t.Helper()
		b := course.Beat{PlaybackID: "script", Seq: seq, Position: 8, Played: played, Rate: 1, Visible: true}
		if st := learner.do("POST", path, b, &r); st != 200 || !r.Accepted {
			t.Fatalf("heartbeat %d: %d %+v", seq, st, r)
		}
	}
	beat(1)
	time.Sleep(2200 * time.Millisecond) // at 2× allowed, room for 4.4 s
	beat(2, course.Span{Start: 0, End: 4})
	if r.Credited != 0 || r.Covered != 0 {
		t.Fatalf("credited without fetching: %+v", r)
	}

	var asset int64
	if err := ms.pool.QueryRow(context.Background(), `SELECT media_asset_id FROM lessons WHERE id = $1`, lessonID).Scan(&asset); err != nil {
		t.Fatal(err)
	}
	var pb playbackOut
	if st := learner.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", asset), nil, &pb); st != 200 {
		t.Fatalf("playback: %d", st)
	}
	seg := pb.Base + pb.Renditions[0].Name + "/seg_00000.ts"
	if st, _, _ := learner.raw("GET", seg, "", nil); st != 200 {
		t.Fatalf("segment %s: %d", seg, st)
	}
	time.Sleep(2200 * time.Millisecond)
	beat(3, course.Span{Start: 0, End: 4}, course.Span{Start: 4, End: 6})
	if r.Credited < 3.99 || r.Credited > 4.01 || r.Covered < 3.99 || r.Covered > 4.01 {
		t.Fatalf("after fetching [0, 4): %+v", r)
	}
}
