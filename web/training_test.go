package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"lms/internal/testenv"
	"lms/training"
)

// trainingWorld is the full server with a class of 华北 taking
// applications, two courses and an offline session happening now.
type trainingWorld struct {
	fs        *fullServer
	clock     *testenv.Clock
	committee *client
	classID   int64
	session   int64
}

func newTrainingWorld(t *testing.T) *trainingWorld {
	fs := newFullServer(t)
	w := &trainingWorld{fs: fs, clock: testenv.NewClock(time.Now()), committee: fs.login(t, "demo_committee")}
	fs.server.Training.SetClock(w.clock.Now)
	var cl training.Class
	st := w.committee.do("POST", "/api/v1/training/classes", map[string]any{"unit_id": fs.unitID(t, demoNorth),
		"name": "2026年党支部书记专题培训班", "kind": "专题培训", "organiser": "华北分公司党委组织部", "capacity": 2,
		"starts_on": time.Now().Format("2006-01-02"), "ends_on": time.Now().AddDate(0, 0, 3).Format("2006-01-02"),
		"hours": 6, "open_apply": true, "min_attendance": 100}, &cl)
	if st != 201 {
		t.Fatalf("create class: %d", st)
	}
	w.classID = cl.ID
	for _, title := range []string{"党章学习", "廉洁从业"} {
		c := fs.seedCourse(t, title, false)
		if st := w.committee.do("POST", w.path("/courses"), map[string]any{"course_id": c.ID, "required": false}, nil); st != 200 {
			t.Fatalf("add course: %d", st)
		}
	}
	var ss training.Session
	if st := w.committee.do("POST", w.path("/sessions"), map[string]any{"kind": "lecture", "title": "专题辅导报告",
		"starts_at": time.Now().Add(-5 * time.Minute).Format(time.RFC3339), "ends_at": time.Now().Add(2 * time.Hour).Format(time.RFC3339),
		"place": "党校报告厅", "hours": 2}, &ss); st != 201 {
		t.Fatalf("add session: %d", st)
	}
	w.session = ss.ID
	return w
}

func (w *trainingWorld) path(rest string) string {
	return fmt.Sprintf("/api/v1/training/classes/%d%s", w.classID, rest)
}

// code asks the head teacher's screen for the current code.
func (w *trainingWorld) code(t *testing.T) (int64, int64, string) {
	var code training.Code
	if st := w.committee.do("GET", fmt.Sprintf("/api/v1/training/sessions/%d/code", w.session), nil, &code); st != 200 {
		t.Fatalf("code: %d", st)
	}
	return codeParts(t, code.Path)
}

func (w *trainingWorld) apply(t *testing.T, c *client, want string) {
	t.Helper()
	var out map[string]string
	if st := c.do("POST", w.path("/apply"), nil, &out); st != 200 || out["status"] != want {
		t.Fatalf("apply: %d %v, want %s", st, out, want)
	}
}

// The whole API path: apply, approve within capacity, check in with the
// signed code, close, download a certificate, verify it without signing
// in, and the ZIP; each step tried by someone who must be refused.
func TestTrainingClassAPI(t *testing.T) {
	w := newTrainingWorld(t)
	fs := w.fs
	learner, other, third := fs.login(t, "demo_learner"), fs.login(t, "hb1_01"), fs.login(t, "hb1_02")
	south := fs.login(t, "hnyx_01")
	w.apply(t, learner, "applied")
	w.apply(t, other, "applied")
	if st := south.do("POST", w.path("/apply"), nil, nil); st != 404 {
		t.Errorf("华南 learner applied: %d", st)
	}
	for _, u := range []string{"demo_learner", "hb1_01"} {
		if st := w.committee.do("POST", w.path("/applications/"+id64(fs.user(t, u).ID)), map[string]any{"approve": true}, nil); st != 200 {
			t.Fatalf("approve %s: %d", u, st)
		}
	}
	w.apply(t, third, "waiting")
	var e apiError
	if st := w.committee.do("POST", w.path("/applications/"+id64(fs.user(t, "hb1_02").ID)), map[string]any{"approve": true}, &e); st != 409 || !strings.Contains(e.Error.Message, "已满") {
		t.Errorf("approve past capacity: %d %q", st, e.Error.Message)
	}
	if st := learner.do("POST", w.path("/applications/"+id64(fs.user(t, "hb1_02").ID)), map[string]any{"approve": true}, nil); st != 403 {
		t.Errorf("a learner approved: %d", st)
	}

	s, win, tok := w.code(t)
	if st := learner.do("POST", "/api/v1/training/checkin", map[string]any{"s": s, "w": win, "t": tok}, nil); st != 200 {
		t.Fatalf("check-in: %d", st)
	}
	if st := south.do("POST", "/api/v1/training/checkin", map[string]any{"s": s, "w": win, "t": tok}, &e); st != 403 {
		t.Errorf("check-in of someone not in the class: %d", st)
	}
	if st := learner.do("GET", fmt.Sprintf("/api/v1/training/sessions/%d/code", w.session), nil, nil); st != 403 {
		t.Errorf("a learner read the code: %d", st)
	}
	w.clock.Add(61 * time.Second)
	if st := other.do("POST", "/api/v1/training/checkin", map[string]any{"s": s, "w": win, "t": tok}, &e); st != 400 || !strings.Contains(e.Error.Message, "过期") {
		t.Errorf("stale code: %d %q", st, e.Error.Message)
	}

	var rep training.CloseReport
	if st := w.committee.do("POST", w.path("/close"), nil, &rep); st != 200 || rep.Completed != 1 || rep.Failed != 1 {
		t.Fatalf("close: %d %+v", st, rep)
	}
	if st := w.committee.do("POST", w.path("/close"), nil, &e); st != 409 || !strings.Contains(e.Error.Message, "重复结班") {
		t.Errorf("second close: %d %q", st, e.Error.Message)
	}
	if st, csvBody, _ := w.committee.raw("GET", w.path("/results?format=csv"), "", nil); st != 200 ||
		!strings.Contains(string(csvBody), "张学员,结业") || !strings.Contains(string(csvBody), "未结业") {
		t.Errorf("results CSV: %d %s", st, csvBody)
	}
	w.certificates(t, learner, other)
	w.zip(t, learner)
}

func (w *trainingWorld) certificates(t *testing.T, learner, other *client) {
	var mine struct{ Certificates []training.Certificate }
	learner.do("GET", "/api/v1/certificates", nil, &mine)
	if len(mine.Certificates) != 1 {
		t.Fatalf("certificates: %+v", mine)
	}
	cert := mine.Certificates[0]
	st, pdf, hdr := learner.raw("GET", fmt.Sprintf("/api/v1/certificates/%d/pdf", cert.ID), "", nil)
	if st != 200 || hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", st, hdr.Get("Content-Type"))
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"结业证书", "张学员", "2026年党支部书记专题培训班", "华北分公司党委组织部", cert.Serial} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q: %s", want, text)
		}
	}
	if st, _, _ := other.raw("GET", fmt.Sprintf("/api/v1/certificates/%d/pdf", cert.ID), "", nil); st != 404 {
		t.Errorf("someone else's certificate: %d", st)
	}
	anon := w.fs.client(t)
	st, page := anon.get(training.VerifyPath + cert.Serial)
	wantPage(t, st, 200, page, "张学员", "2026年党支部书记专题培训班", "真实有效")
	if strings.Contains(page, "demo_learner") {
		t.Error("the public page shows the account")
	}
	st, page = anon.get(training.VerifyPath + strings.Repeat("A", 32))
	wantPage(t, st, 404, page, "未找到该证书")
}

func (w *trainingWorld) zip(t *testing.T, learner *client) {
	st, body, hdr := w.committee.raw("GET", w.path("/certificates"), "", nil)
	if st != 200 || hdr.Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %d", st)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil || len(zr.File) != 1 || !strings.HasPrefix(zr.File[0].Name, "张学员-") {
		t.Fatalf("zip: %v %v", err, zr)
	}
	if st, _, _ := learner.raw("GET", w.path("/certificates"), "", nil); st < 400 {
		t.Errorf("a learner downloaded the class's certificates: %d", st)
	}
}

// A claim without evidence or over its cap is refused; one's own claim
// cannot be approved; the approved claim shows in the transcript apart
// from online hours.
func TestClaimAPI(t *testing.T) {
	fs := newFullServer(t)
	learner, committee := fs.login(t, "demo_learner"), fs.login(t, "demo_committee")
	var e apiError
	ct, body := claimForm("3", nil)
	if st, out, _ := learner.raw("POST", "/api/v1/claims", ct, bytes.NewReader(body)); st != 400 || !strings.Contains(string(out), "证明材料") {
		t.Errorf("no evidence: %d %s", st, out)
	}
	ct, body = claimForm("5", map[string]string{"签到表.pdf": "%PDF-1.4"})
	if st, out, _ := learner.raw("POST", "/api/v1/claims", ct, bytes.NewReader(body)); st != 400 || !strings.Contains(string(out), "最多可申报 3 学时") {
		t.Errorf("over the cap: %d %s", st, out)
	}
	ct, body = claimForm("3", map[string]string{"签到表.pdf": "%PDF-1.4"})
	st, out, _ := learner.raw("POST", "/api/v1/claims", ct, bytes.NewReader(body))
	var cl training.Claim
	if st != 201 || jsonUnmarshal(out, &cl) != nil {
		t.Fatalf("claim: %d %s", st, out)
	}
	mine, mineBody, _ := committee.raw("POST", "/api/v1/claims", ct, bytes.NewReader(body))
	var own training.Claim
	if mine != 201 || jsonUnmarshal(mineBody, &own) != nil {
		t.Fatalf("committee's own claim: %d", mine)
	}
	if st := committee.do("POST", fmt.Sprintf("/api/v1/claims/%d/decision", own.ID), map[string]any{"approve": true}, &e); st != 403 || !strings.Contains(e.Error.Message, "自己") {
		t.Errorf("approved own claim: %d %q", st, e.Error.Message)
	}
	if st := learner.do("POST", fmt.Sprintf("/api/v1/claims/%d/decision", cl.ID), map[string]any{"approve": true}, nil); st != 403 {
		t.Errorf("claimant approved: %d", st)
	}
	if st := committee.do("POST", fmt.Sprintf("/api/v1/claims/%d/decision", cl.ID), map[string]any{"approve": true}, nil); st != 200 {
		t.Fatalf("approve: %d", st)
	}
	var tr struct {
		OtherHours   float64 `json:"other_hours"`
		YearHours    float64 `json:"year_hours"`
		CycleHours   float64 `json:"cycle_hours"`
		CycleOffline float64 `json:"cycle_offline_hours"`
	}
	learner.do("GET", "/api/v1/me/transcript?year=2026", nil, &tr)
	if tr.OtherHours != 3 || tr.YearHours != 0 || tr.CycleHours != 3 || tr.CycleOffline != 3 {
		t.Errorf("transcript: %+v", tr)
	}
	admin := fs.login(t, "demo_admin")
	if st := admin.do("POST", "/api/v1/requirements", map[string]any{"unit_id": fs.unitID(t, demoRoot), "hours": 50,
		"cycle_years": 1, "start_year": 2020}, nil); st >= 300 {
		t.Fatalf("requirement: %d", st)
	}
	learnerCountsOffline(t, learner, committee)
	if st, data, _ := committee.raw("GET", fmt.Sprintf("/api/v1/claims/%d/files/0", cl.ID), "", nil); st != 200 || string(data) != "%PDF-1.4" {
		t.Errorf("evidence for the committee: %d %q", st, data)
	}
	if st, _, _ := fs.login(t, "hnyx_01").raw("GET", fmt.Sprintf("/api/v1/claims/%d/files/0", cl.ID), "", nil); st != 404 {
		t.Errorf("evidence for another subtree: %d", st)
	}
}

// Bad input over HTTP: a class over another subtree, a forged code, a
// session one is not in; each a clear Chinese error and nothing stored.
func TestTrainingBadInput(t *testing.T) {
	w := newTrainingWorld(t)
	fs := w.fs
	var e apiError
	st := w.committee.do("POST", "/api/v1/training/classes", map[string]any{"unit_id": fs.unitID(t, demoSouth),
		"name": "越权班", "kind": "专题培训", "organiser": "华北", "starts_on": "2026-03-01", "ends_on": "2026-03-02"}, &e)
	// The committee of 华北 is not told that 华南's unit exists.
	if st != 404 || e.Error.Message != "组织不存在" {
		t.Errorf("class over 华南: %d %q", st, e.Error.Message)
	}
	var list struct{ Classes []training.Class }
	fs.login(t, "demo_admin").do("GET", "/api/v1/training/classes", nil, &list)
	if len(list.Classes) != 1 {
		t.Errorf("classes: %d, want 1", len(list.Classes))
	}
	learner := fs.login(t, "demo_learner")
	s, win, _ := w.code(t)
	if st := learner.do("POST", "/api/v1/training/checkin", map[string]any{"s": s, "w": win, "t": "forged"}, &e); st != 400 || !strings.Contains(e.Error.Message, "无效") {
		t.Errorf("forged code: %d %q", st, e.Error.Message)
	}
	_, win, tok := w.code(t)
	if st := learner.do("POST", "/api/v1/training/checkin", map[string]any{"s": s, "w": win, "t": tok}, &e); st != 403 || !strings.Contains(e.Error.Message, "名单") {
		t.Errorf("check-in to a class one is not in: %d %q", st, e.Error.Message)
	}
	if st := learner.do("GET", "/api/v1/certificates/verify/NOPE", nil, &e); st != 404 || e.Error.Message != "证书不存在" {
		t.Errorf("unknown serial: %d %q", st, e.Error.Message)
	}
	var att []training.Checkin
	w.committee.do("GET", fmt.Sprintf("/api/v1/training/sessions/%d/attendance", w.session), nil, &att)
	for _, a := range att {
		if a.Present {
			t.Errorf("a refused check-in was recorded: %+v", a)
		}
	}
}

// learnerCountsOffline: after 3 offline hours were approved, 我的学习's
// requirement bar counts them with the online hours and shows the split,
// and the committee's report of the person shows them as offline hours.
func learnerCountsOffline(t *testing.T, learner, committee *client) {
	t.Helper()
	st, body := learner.get("/learn")
	bar := regexp.MustCompile(`<progress max="50" value="3">`)
	if st != 200 || !bar.MatchString(body) || !strings.Contains(body, "线上 0 学时 · 线下 3 学时") {
		i := strings.Index(body, `id="hours"`)
		t.Errorf("我的学习: %d, bar %v, split %v: %.600s", st, bar.MatchString(body), strings.Contains(body, "线下 3 学时"), body[max(i, 0):])
	}
	var me struct {
		UserID int64 `json:"user_id"`
	}
	learner.do("GET", "/api/v1/me/transcript?year=2026", nil, &me)
	var p struct {
		Person struct {
			OfflineHours float64 `json:"offline_hours"`
			TotalHours   float64 `json:"total_hours"`
		} `json:"person"`
	}
	if st := committee.do("GET", fmt.Sprintf("/api/v1/reports/people/%d?year=2026", me.UserID), nil, &p); st != 200 ||
		p.Person.OfflineHours != 3 || p.Person.TotalHours != 3 {
		t.Errorf("the committee's report of the learner: %d %+v", st, p.Person)
	}
}

// The committee's report dashboard lists its subtree's classes, linking
// to each; the same dashboard over 华南 lists none of 华北's.
func TestReportDashboardListsClasses(t *testing.T) {
	w := newTrainingWorld(t)
	year := time.Now().Year()
	st, body := w.committee.get(fmt.Sprintf("/reports?year=%d", year))
	link := fmt.Sprintf(`<a href="/training/classes/%d">2026年党支部书记专题培训班</a>`, w.classID)
	if st != 200 || !strings.Contains(body, `id="classes-table"`) || !strings.Contains(body, link) ||
		!strings.Contains(body, "线下学时") {
		t.Errorf("dashboard of 华北: %d, classes table %v, link %v", st, strings.Contains(body, `id="classes-table"`),
			strings.Contains(body, link))
	}
	admin := w.fs.login(t, "demo_admin")
	st, body = admin.get(fmt.Sprintf("/reports?org=%d&year=%d", w.fs.unitID(t, demoSouth), year))
	if st != 200 || strings.Contains(body, "专题培训班") || !strings.Contains(body, "本年度没有专题班") {
		t.Errorf("dashboard of 华南: %d lists 华北's class", st)
	}
}
