package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"lms/course"
	"lms/org"
)

const firstBranch = demoNorth + "/生产党总支/第一党支部"

func (ts *testServer) courseActor(t *testing.T, username string) *org.Actor {
	t.Helper()
	_, a, err := ts.Org.Login(context.Background(), username, org.DemoPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// seededCourse is a published course of demo_trainer with an article
// lesson (10 s of reading) and a video lesson without its lecture.
type seededCourse struct {
	ID, Article, Video int64
}

func (ts *testServer) seedCourse(t *testing.T, title string, open bool) seededCourse {
	t.Helper()
	ctx, trainer := context.Background(), ts.courseActor(t, "demo_trainer")
	c, err := ts.Course.CreateCourse(ctx, trainer, course.CourseInput{Title: &title, Open: &open,
		Category: ptrTo("党性教育"), Hours: ptrTo(1.5)})
	if err != nil {
		t.Fatal(err)
	}
	art, err := ts.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: ptrTo("学习材料"), Kind: "article",
		MinSeconds: ptrTo(10), ArticleHTML: ptrTo("<p>学习正文</p>")})
	if err != nil {
		t.Fatal(err)
	}
	vid, err := ts.Course.AddLesson(ctx, trainer, c.ID, course.LessonInput{Title: ptrTo("专题讲座"), Kind: "video"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Course.SetState(ctx, trainer, c.ID, "published"); err != nil {
		t.Fatal(err)
	}
	return seededCourse{ID: c.ID, Article: art.ID, Video: vid.ID}
}

// assignTo assigns a course to a unit of 华北 with a due date days ahead.
func (ts *testServer) assignTo(t *testing.T, courseID int64, unit string, days int) {
	t.Helper()
	_, err := ts.Course.Assign(context.Background(), ts.courseActor(t, "demo_committee"), ts.Org, course.AssignInput{
		CourseID: courseID, UnitID: ts.unitID(t, unit), Mandatory: true,
		DueAt: time.Now().Add(time.Duration(days) * 24 * time.Hour), Year: time.Now().Year()})
	if err != nil {
		t.Fatal(err)
	}
}

func ptrTo[T any](v T) *T { return &v }

// inlineScript finds a <script> element without a src: the pages must have
// none (the policy forbids them, and an article must never bring one).
var inlineScript = regexp.MustCompile(`<script(\s[^>]*)?>`)

func noInlineScript(t *testing.T, body string) {
	t.Helper()
	for _, m := range inlineScript.FindAllString(body, -1) {
		if !strings.Contains(m, " src=") {
			t.Errorf("inline script in the page: %s", m)
		}
	}
}

func TestLearnerPages(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	assigned := ts.seedCourse(t, "学习贯彻党的二十大精神", false)
	open := ts.seedCourse(t, "公文写作基础", true)
	ts.assignTo(t, assigned.ID, firstBranch, 2)
	c := ts.login(t, "demo_learner")

	st, body := c.get("/learn")
	wantPage(t, st, 200, body, "我的学习", "学习贯彻党的二十大精神", "必修", "截止", `<progress max="100" value="0">`,
		"本年度已获 0 学时", "尚未设置学时要求")
	noInlineScript(t, body)

	st, body = c.get("/catalogue?q=" + url.QueryEscape("公文"))
	wantPage(t, st, 200, body, "公文写作基础", fmt.Sprintf(`action="/courses/%d/enroll"`, open.ID), "共 1 门课程")
	st, body = c.get("/catalogue?category=" + url.QueryEscape("廉政教育"))
	wantPage(t, st, 200, body, "没有找到开放报名的课程")
	st, body = c.get("/catalogue?page=abc")
	wantPage(t, st, 400, body, "页码")

	st, body = c.get(fmt.Sprintf("/courses/%d", assigned.ID))
	wantPage(t, st, 200, body, "课程大纲", "学习材料", "专题讲座", fmt.Sprintf(`href="/lessons/%d"`, assigned.Article), "未开始",
		fmt.Sprintf(`id="study" href="/lessons/%d">开始学习：学习材料`, assigned.Article))
	if strings.Contains(body, `id="enroll"`) {
		t.Error("an enrolled learner is offered to enrol")
	}

	// Reading the article completes it: the course page shows it and the
	// course's percent (one of two required lessons).
	ctx, learner := context.Background(), ts.courseActor(t, "demo_learner")
	beat := func(seq int64) {
		if _, err := ts.Course.Heartbeat(ctx, learner, assigned.Article, course.Beat{PlaybackID: "r", Seq: seq, Visible: true}); err != nil {
			t.Fatal(err)
		}
	}
	ts.setReadingTime(t, assigned.Article, 1)
	beat(1)
	time.Sleep(1100 * time.Millisecond)
	beat(2)
	st, body = c.get(fmt.Sprintf("/courses/%d", assigned.ID))
	wantPage(t, st, 200, body, "已完成", `id="course-percent">50%`, fmt.Sprintf(`id="study" href="/lessons/%d">`, assigned.Video))

	st, body = c.get("/me/transcript")
	wantPage(t, st, 200, body, "学习档案", "导出 Excel", fmt.Sprintf("format=xlsx&amp;year=%d", time.Now().Year()))
	for _, bad := range []string{"abc", "1999"} {
		st, body = c.get("/me/transcript?year=" + bad)
		wantPage(t, st, 400, body, "年度无效")
	}
}

// setReadingTime lowers a lesson's minimum reading time, so a test can
// complete it in a second.
func (ts *testServer) setReadingTime(t *testing.T, lessonID int64, seconds int) {
	t.Helper()
	if _, err := ts.Course.UpdateLesson(context.Background(), ts.courseActor(t, "demo_trainer"), lessonID,
		course.LessonInput{MinSeconds: &seconds}); err != nil {
		t.Fatal(err)
	}
}

func TestEnrolFromCatalogueAndLessonGuard(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	open := ts.seedCourse(t, "公文写作基础", true)
	closed := ts.seedCourse(t, "保密知识", false)
	c := ts.login(t, "bgs_01")
	lesson := fmt.Sprintf("/lessons/%d", open.Article)

	st, body := c.get(lesson)
	wantPage(t, st, 403, body, "请先报名")
	st, body = c.get(fmt.Sprintf("/courses/%d", open.ID))
	wantPage(t, st, 200, body, `id="enroll"`)
	st, _, loc := c.post(fmt.Sprintf("/courses/%d/enroll", open.ID), url.Values{})
	wantRedirect(t, st, loc, fmt.Sprintf("/courses/%d?ok=enrolled", open.ID))
	st, body = c.get(loc)
	wantPage(t, st, 200, body, "报名成功", "选修")
	st, body = c.get(lesson)
	wantPage(t, st, 200, body, "学习正文", `id="reader"`, `data-min-seconds="10"`, "还需阅读 0 分 10 秒")
	noInlineScript(t, body)

	// A course that is not open: not listed, not enrollable, its lessons hidden.
	st, body = c.get(fmt.Sprintf("/courses/%d", closed.ID))
	wantPage(t, st, 404, body)
	st, body = c.get(fmt.Sprintf("/lessons/%d", closed.Article))
	wantPage(t, st, 404, body)
	st, body, _ = c.post(fmt.Sprintf("/courses/%d/enroll", closed.ID), url.Values{})
	wantPage(t, st, 404, body)
	st, body = c.get("/courses/abc")
	wantPage(t, st, 400, body)
	st, body = c.get("/lessons/999999")
	wantPage(t, st, 404, body)
	st, body = c.get(fmt.Sprintf("/catalogue?q=%s", url.QueryEscape("保密")))
	wantPage(t, st, 200, body, "没有找到")

	// A video lesson whose lecture is not ready says so.
	st, body = c.get(fmt.Sprintf("/lessons/%d", open.Video))
	wantPage(t, st, 200, body, "视频尚未就绪", `id="not-ready"`)
}

func TestPagesByRole(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "安全生产知识", true)
	learner := ts.login(t, "demo_learner")
	for path, want := range map[string]int{
		"/teach": 403, "/teach/courses/new": 403, "/assign": 403, "/admin/requirements": 403,
		fmt.Sprintf("/teach/courses/%d", crs.ID): 403, fmt.Sprintf("/teach/lessons/%d", crs.Article): 403,
		"/learn": 200, "/catalogue": 200, "/me/transcript": 200, "/notifications": 200,
	} {
		if st, body := learner.get(path); st != want {
			t.Errorf("learner %s: %d, want %d\n%s", path, st, want, body)
		}
	}
	st, body, _ := learner.post(fmt.Sprintf("/teach/courses/%d", crs.ID), url.Values{"title": {"篡改"}})
	wantPage(t, st, 403, body)
	st, body, _ = learner.post(fmt.Sprintf("/teach/courses/%d/state", crs.ID), url.Values{"state": {"archived"}})
	wantPage(t, st, 403, body)
	if c, _ := ts.Course.Course(context.Background(), org.System(), crs.ID); c.Title != "安全生产知识" || c.State != "published" {
		t.Errorf("a learner changed the course: %+v", c)
	}
	st, body = learner.get("/")
	wantPage(t, st, 200, body, `href="/learn"`, `href="/catalogue"`, `href="/me/transcript"`, `class="bell"`)
	if strings.Contains(body, `href="/teach"`) || strings.Contains(body, `href="/assign"`) {
		t.Error("a learner's menu offers teaching or assigning")
	}

	trainer := ts.login(t, "demo_trainer")
	st, body = trainer.get("/teach")
	wantPage(t, st, 200, body, "安全生产知识", "已发布", `href="/teach/courses/new"`)
	st, body = trainer.get("/assign")
	wantPage(t, st, 403, body)
	committee := ts.login(t, "demo_committee")
	st, body = committee.get("/assign")
	wantPage(t, st, 200, body, "安全生产知识", "第一党支部", `name="due"`)
	if strings.Contains(body, "华南分公司党委") {
		t.Error("the committee is offered a unit outside its subtree")
	}
	st, body = committee.get("/admin/requirements")
	wantPage(t, st, 403, body)
	admin := ts.login(t, "demo_admin")
	st, body = admin.get("/admin/requirements")
	wantPage(t, st, 200, body, "学时要求", `name="cycle_years"`)
	if st, _ := ts.client(t).get("/learn"); st != http.StatusSeeOther {
		t.Errorf("anonymous /learn: %d, want a redirect to the login page", st)
	}
}

// An article with a script, event handlers and a javascript: link is
// shown without any of them.
func TestArticleCarriesNoScript(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "廉政教育专题", true)
	trainer := ts.login(t, "demo_trainer")
	evil := `<p>正文第一段</p><script>alert("x1")</script><img src="x" onerror="alert('x2')">` +
		`<a href="javascript:alert('x3')">链接</a><p onclick="alert('x4')">第二段</p><iframe src="https://evil.example"></iframe>`
	st, _, loc := trainer.post(fmt.Sprintf("/teach/courses/%d/lessons", crs.ID),
		url.Values{"kind": {"article"}, "title": {"恶意文章"}, "required": {"1"}, "minutes": {"0.5"}, "article": {evil}})
	wantRedirect(t, st, loc, fmt.Sprintf("/teach/courses/%d?ok=lesson_added", crs.ID))
	_, chapters, err := ts.Course.Outline(context.Background(), org.System(), crs.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := chapters[len(chapters)-1].Lessons
	id := last[len(last)-1].ID

	c := ts.login(t, "bgs_01")
	c.post(fmt.Sprintf("/courses/%d/enroll", crs.ID), url.Values{})
	st, body := c.get(fmt.Sprintf("/lessons/%d", id))
	wantPage(t, st, 200, body, "正文第一段", "第二段", `data-min-seconds="30"`)
	for _, bad := range []string{"alert(", "onerror", "onclick", "javascript:", "evil.example"} {
		if strings.Contains(body, bad) {
			t.Errorf("the article page carries %q", bad)
		}
	}
	noInlineScript(t, body)

	// Plain text typed by a trainer becomes paragraphs, escaped.
	st, _, _ = trainer.post(fmt.Sprintf("/teach/lessons/%d", id), url.Values{"title": {"恶意文章"}, "required": {"1"},
		"article": {"第一段 a&b\n\n第二段\n换行"}})
	if st != http.StatusSeeOther {
		t.Fatalf("save plain text: %d", st)
	}
	st, body = c.get(fmt.Sprintf("/lessons/%d", id))
	wantPage(t, st, 200, body, "<p>第一段 a&amp;b</p>", "<p>第二段<br>换行</p>")
}

// trainerClip ingests a one-second lecture of demo_trainer's (not
// transcoded: nothing here plays it) and returns its asset id.
func trainerClip(t *testing.T, ts *testServer) int64 {
	t.Helper()
	ctx := context.Background()
	trainer, err := ts.Org.UserByUsername(ctx, "demo_trainer")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(makeClip(t, 1, "160x120"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := ts.App.Media.Ingest(ctx, trainer.ID, "乙", "乙.mp4", f)
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func TestTrainerEditor(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_trainer")

	st, body := c.get("/teach/courses/new")
	wantPage(t, st, 200, body, `name="title"`, "党的理论")
	st, body, _ = c.post("/teach/courses", url.Values{"title": {"  "}, "hours": {"2"}})
	wantPage(t, st, 400, body, "课程名称不能为空")
	st, body, _ = c.post("/teach/courses", url.Values{"title": {"基层党建实务"}, "hours": {"两个"}})
	wantPage(t, st, 400, body, "学时须为数字", `value="基层党建实务"`)
	st, _, loc := c.post("/teach/courses", url.Values{"title": {"基层党建实务"}, "hours": {"2.5"}, "category": {"党性教育"}})
	if st != http.StatusSeeOther || !strings.Contains(loc, "?ok=course_created") {
		t.Fatalf("create: %d %s", st, loc)
	}
	editor := strings.TrimSuffix(loc, "?ok=course_created")
	var id int64
	fmt.Sscanf(editor, "/teach/courses/%d", &id)
	st, body = c.get(loc)
	wantPage(t, st, 200, body, "课程已创建", "基层党建实务", "草稿", `name="max_rate"`, `id="publish"`)

	// Publishing an empty course is refused on the editor.
	st, body, _ = c.post(editor+"/state", url.Values{"state": {"published"}})
	wantPage(t, st, 400, body, "课程还没有课时")

	settings := url.Values{"title": {"基层党建实务"}, "summary": {"支部工作方法"}, "category": {"党性教育"},
		"tags": {"支部，党建、实务"}, "hours": {"2.5"}, "open": {"1"}, "max_rate": {"2"}, "complete_pct": {"30"}, "forbid_skip": {"1"}}
	st, body, _ = c.post(editor, settings)
	wantPage(t, st, 400, body, "视频完成比例须在 50% 到 100% 之间", `value="30"`)
	settings.Set("complete_pct", "90")
	st, _, loc = c.post(editor, settings)
	wantRedirect(t, st, loc, editor+"?ok=course_saved")
	crs, _ := ts.Course.Course(context.Background(), org.System(), id)
	if crs.MaxRate != 2 || crs.CompletePct != 90 || !crs.Open || !crs.ForbidSkip || crs.PresenceCheck ||
		strings.Join(crs.Tags, "|") != "支部|党建|实务" {
		t.Fatalf("saved settings: %+v", crs)
	}

	st, _, loc = c.post(editor+"/chapters", url.Values{"title": {"第一章 基础"}})
	wantRedirect(t, st, loc, editor+"?ok=chapter_added")
	st, _, _ = c.post(editor+"/chapters", url.Values{"title": {"第二章 实务"}})
	if st != http.StatusSeeOther {
		t.Fatalf("second chapter: %d", st)
	}
	// A video lesson plays one of the trainer's own lectures: a guessed
	// asset id is refused.
	st, _, _ = c.post(editor+"/lessons", url.Values{"kind": {"video"}, "title": {"乙"}, "media_asset_id": {"12345"}})
	if st != http.StatusNotFound {
		t.Errorf("a video lesson of an asset that does not exist: %d", st)
	}
	asset := trainerClip(t, ts)
	for _, f := range []url.Values{
		{"kind": {"article"}, "title": {"甲"}, "required": {"1"}, "minutes": {"1"}, "article": {"正文"}},
		{"kind": {"video"}, "title": {"乙"}, "required": {"1"}, "media_asset_id": {fmt.Sprint(asset)}},
	} {
		if st, body, _ := c.post(editor+"/lessons", f); st != http.StatusSeeOther {
			t.Fatalf("add lesson %s: %d\n%s", f.Get("title"), st, body)
		}
	}
	st, body, _ = c.post(editor+"/lessons", url.Values{"kind": {"video"}, "title": {"丙"}, "media_asset_id": {"abc"}})
	wantPage(t, st, 400, body, "视频编号“abc”无效", `value="丙"`)
	st, body, _ = c.post(editor+"/lessons", url.Values{"kind": {"article"}, "title": {"丁"}, "minutes": {"-3"}})
	wantPage(t, st, 400, body, "最短阅读时间须在 0 到 600 分钟之间")

	// A document lesson with its PDF in the same form.
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	st, body = c.upload(editor+"/lessons", url.Values{"kind": {"document"}, "title": {"丙"}, "required": {"1"}, "minutes": {"2"}}, "讲义.pdf", pdf)
	if st != http.StatusSeeOther {
		t.Fatalf("document lesson: %d\n%s", st, body)
	}
	st, body = c.upload(editor+"/lessons", url.Values{"kind": {"document"}, "title": {"戊"}}, "讲义.pdf", []byte("just text"))
	wantPage(t, st, 400, body, "只支持 PDF、DOCX 或 PPTX 文档", `id="document"`)

	_, chapters, _ := ts.Course.Outline(context.Background(), org.System(), id)
	if len(chapters) != 2 || len(chapters[1].Lessons) != 4 {
		t.Fatalf("outline %+v", chapters)
	}
	first := chapters[1].Lessons[0].ID
	st, _, loc = c.post(editor+"/move", url.Values{"lesson": {id64(first)}, "dir": {"up"}})
	wantRedirect(t, st, loc, editor+"#outline")
	st, _, _ = c.post(editor+"/move", url.Values{"chapter": {id64(chapters[1].ID)}, "dir": {"up"}})
	_, after, _ := ts.Course.Outline(context.Background(), org.System(), id)
	if after[0].ID != chapters[1].ID || after[1].Lessons[0].ID != first || len(after[1].Lessons) != 1 {
		t.Errorf("after moves: %+v", after)
	}
	st, body, _ = c.post(editor+"/move", url.Values{"lesson": {"x"}, "dir": {"up"}})
	wantPage(t, st, 400, body, "请选择要移动的章节或课时")

	st, body = c.get(editor)
	wantPage(t, st, 200, body, "视频尚未就绪", "未上传文档", `draggable="true"`, `data-lesson-id="`)
	noInlineScript(t, body)
	st, _, loc = c.post(editor+"/state", url.Values{"state": {"published"}})
	wantRedirect(t, st, loc, editor+"?ok=course_published")
	st, body = c.get("/teach")
	wantPage(t, st, 200, body, "基层党建实务", "已发布", "开放报名")

	// The lesson page of the editor: a document lesson takes a new file.
	doc := after[0].Lessons[1] // 丙, the document
	st, body = c.get(fmt.Sprintf("/teach/lessons/%d", doc.ID))
	wantPage(t, st, 200, body, `action="/teach/lessons/`+id64(doc.ID)+`/document"`, "讲义.pdf")
	st, body = c.upload(fmt.Sprintf("/teach/lessons/%d/document", doc.ID), nil, "x.docx", []byte("PK\x03\x04 not a zip"))
	wantPage(t, st, 400, body, "只支持 PDF、DOCX 或 PPTX 文档")
}

func TestDocumentReader(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "文档课程", true)
	trainer := ts.login(t, "demo_trainer")
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	st, body := trainer.upload(fmt.Sprintf("/teach/courses/%d/lessons", crs.ID),
		url.Values{"kind": {"document"}, "title": {"讲义"}, "minutes": {"1"}}, "讲义.pdf", pdf)
	if st != http.StatusSeeOther {
		t.Fatalf("add document: %d\n%s", st, body)
	}
	_, chapters, _ := ts.Course.Outline(context.Background(), org.System(), crs.ID)
	ls := chapters[len(chapters)-1].Lessons
	doc := ls[len(ls)-1].ID

	c := ts.login(t, "bgs_01")
	c.post(fmt.Sprintf("/courses/%d/enroll", crs.ID), url.Values{})
	st, body = c.get(fmt.Sprintf("/lessons/%d", doc))
	wantPage(t, st, 200, body, fmt.Sprintf(`<iframe class="doc-frame" id="doc-frame" src="/lessons/%d/document"`, doc), "还需阅读 1 分 0 秒")
	resp, err := c.http.Get(fmt.Sprintf("%s/lessons/%d/document", ts.URL, doc))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" ||
		resp.Header.Get("Content-Security-Policy") != "frame-ancestors 'self'" || resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("framed document: %d %v", resp.StatusCode, resp.Header)
	}
	// Someone not enrolled cannot fetch it through the reader's route.
	other := ts.login(t, "hnyx_01")
	st, body = other.get(fmt.Sprintf("/lessons/%d/document", doc))
	wantPage(t, st, 403, body, "请先报名")
}

func TestAssignPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "党章党规学习", false)
	c := ts.login(t, "demo_committee")
	tomorrow := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
	form := url.Values{"course_id": {id64(crs.ID)}, "unit_id": {id64(ts.unitID(t, firstBranch))}, "usernames": {"hbj_01，hbj_02"},
		"mandatory": {"1"}, "due": {tomorrow}, "year": {fmt.Sprint(time.Now().Year())}}

	bad := map[string][2]string{ // field: value, message
		"due":       {time.Now().AddDate(0, 0, -2).Format("2006-01-02"), "截止日期不能早于现在"},
		"year":      {"1990", "学习年度无效"},
		"unit_id":   {id64(ts.unitID(t, demoSouth)), "不存在"},
		"usernames": {"hnyx_01", "找不到账号“hnyx_01”"},
		"course_id": {"", "请选择要分配的课程"},
	}
	for field, v := range bad {
		f := url.Values{}
		for k, vs := range form {
			f[k] = vs
		}
		f.Set(field, v[0])
		st, body, _ := c.post("/assign", f)
		if st < 400 || st >= 500 || !strings.Contains(body, v[1]) {
			t.Errorf("%s=%s: %d, want the message %q", field, v[0], st, v[1])
		}
	}
	if list, _ := ts.Course.MyCourses(context.Background(), ts.courseActor(t, "demo_learner")); len(list) != 0 {
		t.Fatalf("refused assignments enrolled: %+v", list)
	}

	st, _, loc := c.post("/assign", form)
	// 第一党支部 (demo_learner and hb1_01…hb1_06) and the two named people.
	wantRedirect(t, st, loc, "/assign?done=9")
	st, body := c.get(loc)
	wantPage(t, st, 200, body, "已分配，9 人加入学习")
	list, _ := ts.Course.MyCourses(context.Background(), ts.courseActor(t, "hbj_02"))
	if len(list) != 1 || !list[0].Mandatory || list[0].DueAt == nil || list[0].DueAt.Format("2006-01-02") != tomorrow {
		t.Errorf("named learner's enrollment: %+v", list)
	}
	learner := ts.login(t, "demo_learner")
	st, body, _ = learner.post("/assign", form)
	wantPage(t, st, 403, body)
}

func TestRequirementsPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	north := id64(ts.unitID(t, demoNorth))
	st, body, _ := c.post("/admin/requirements", url.Values{"unit_id": {north}, "hours": {"很多"}, "cycle_years": {"1"}, "start_year": {"2024"}})
	wantPage(t, st, 400, body, "请填写学时要求")
	st, body, _ = c.post("/admin/requirements", url.Values{"unit_id": {north}, "hours": {"550"}, "cycle_years": {"20"}, "start_year": {"2024"}})
	wantPage(t, st, 400, body, "周期须为 1 到 10 年", `value="550"`)
	// 职级 is chosen from the ranks people hold; a mistyped one matches nobody.
	st, body = c.get("/admin/requirements")
	wantPage(t, st, 200, body, `<select name="rank">`, `<option value="科员">`, `<option value="副科级">`)
	st, body, _ = c.post("/admin/requirements", url.Values{"unit_id": {north}, "rank": {"课员"}, "hours": {"30"}, "cycle_years": {"1"}, "start_year": {"2024"}})
	wantPage(t, st, 400, body, "没有职级为“课员”的人员")
	st, _, loc := c.post("/admin/requirements", url.Values{"unit_id": {north}, "rank": {"副科级"}, "hours": {"30"}, "cycle_years": {"1"}, "start_year": {"2024"}})
	wantRedirect(t, st, loc, "/admin/requirements?ok=requirement_saved")
	st, _, loc = c.post("/admin/requirements", url.Values{"unit_id": {north}, "hours": {"550"}, "cycle_years": {"5"},
		"start_year": {"2024"}, "daily_cap": {"8"}})
	wantRedirect(t, st, loc, "/admin/requirements?ok=requirement_saved")
	st, body = c.get(loc)
	wantPage(t, st, 200, body, "已保存学时要求", "华北分公司党委", "550", "5 年（自 2024 年起）", "<td data-label=\"每日最多计入学时\">8</td>")

	learner := ts.login(t, "demo_learner")
	st, body = learner.get("/learn")
	wantPage(t, st, 200, body, "周期已获 0 学时，要求 550 学时", "每天最多计 8 学时")
	st, body, _ = learner.post("/admin/requirements", url.Values{"unit_id": {north}, "hours": {"1"}, "cycle_years": {"1"}, "start_year": {"2024"}})
	wantPage(t, st, 403, body)
}

func TestNotificationBell(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "党史学习", false)
	ts.assignTo(t, crs.ID, firstBranch, 2)
	if err := (&course.RemindWorker{Service: ts.Course}).Work(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	c := ts.login(t, "demo_learner")
	st, body := c.get("/learn")
	wantPage(t, st, 200, body, `<span class="badge">1</span>`, "通知（1 条未读）")
	st, body = c.get("/notifications")
	wantPage(t, st, 200, body, "党史学习", "未读", `name="next" value="/courses/`+id64(crs.ID)+`"`)
	list, _, _ := ts.Course.Notifications(context.Background(), ts.courseActor(t, "demo_learner"), 10)
	st, _, loc := c.post("/notifications/read", url.Values{"id": {id64(list[0].ID)}, "next": {"/courses/" + id64(crs.ID)}})
	wantRedirect(t, st, loc, "/courses/"+id64(crs.ID))
	_, body = c.get("/learn")
	if strings.Contains(body, `class="badge"`) {
		t.Error("the bell still counts a read notification")
	}
	// An outside address in next is not followed.
	st, _, loc = c.post("/notifications/read", url.Values{"next": {"https://evil.example/"}})
	wantRedirect(t, st, loc, "/")
	if strings.Contains(loc, "evil") {
		t.Errorf("redirected to %s", loc)
	}
}
