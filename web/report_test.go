package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lms/course"
	"lms/internal/app/apptest"
	"lms/org"
	"lms/report"
)

// reportServer is the web server with the reports, over the demo
// organisation where 华北分公司党委 studies one assigned course.
type reportServer struct {
	*testServer
	units map[string]int64
	users map[string]int64
}

// Names a spreadsheet would take for formulas.
var formulaNames = []string{`=HYPERLINK("x","点我")`, "+cmd", "-1+1", "@SUM(A1)"}

func newReportServer(t *testing.T) *reportServer {
	t.Helper()
	t.Parallel()
	ctx := context.Background()
	a, srv := appServer(t, apptest.Options{}, nil)
	rs := &reportServer{testServer: &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course},
		units: map[string]int64{}, users: map[string]int64{}}
	for _, p := range []string{"示范能源集团", "示范能源集团/华北分公司党委", "示范能源集团/华北分公司党委/生产党总支",
		"示范能源集团/华北分公司党委/生产党总支/第一党支部", "示范能源集团/集团机关党委"} {
		id, err := a.Org.UnitIDByPath(ctx, p)
		must(t, err)
		rs.units[p[strings.LastIndex(p, "/")+1:]] = id
	}
	rs.studyCourse(t)
	return rs
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// studyCourse adds people named like formulas to 第一党支部 (and a branch
// named like one), assigns a course to 华北分公司党委 and has two learners
// complete it.
func (rs *reportServer) studyCourse(t *testing.T) {
	ctx, sys := context.Background(), org.System()
	u, err := rs.Org.CreateUnit(ctx, sys, rs.units["华北分公司党委"], "+cmd", "党支部")
	must(t, err)
	rs.units["+cmd"] = u.ID
	for i, name := range formulaNames {
		user, err := rs.Org.CreateUser(ctx, sys, org.UserInput{Username: fmt.Sprintf("formula%d", i), DisplayName: name,
			UnitID: rs.units["第一党支部"], Rank: "科员", Password: org.DemoPassword})
		must(t, err)
		rs.users[name] = user.ID
	}
	title, category, hours := "学习贯彻党的二十大精神", "党的理论", 2.0
	c, err := rs.Course.CreateCourse(ctx, sys, course.CourseInput{Title: &title, Category: &category, Hours: &hours})
	must(t, err)
	lessonTitle, html, zero := "学习材料", "<p>正文</p>", 0
	l, err := rs.Course.AddLesson(ctx, sys, c.ID, course.LessonInput{Title: &lessonTitle, Kind: "article",
		MinSeconds: &zero, ArticleHTML: &html})
	must(t, err)
	_, err = rs.Course.SetState(ctx, sys, c.ID, "published")
	must(t, err)
	_, err = rs.Course.Assign(ctx, sys, rs.Org, course.AssignInput{CourseID: c.ID, UnitID: rs.units["华北分公司党委"],
		Mandatory: true, DueAt: time.Now().Add(30 * 24 * time.Hour), Year: time.Now().Year()})
	must(t, err)
	for _, who := range []string{"demo_learner", "hb1_01"} {
		u, err := rs.Org.UserByUsername(ctx, who)
		must(t, err)
		rs.users[who] = u.ID
		for seq := int64(1); seq <= 2; seq++ {
			_, err := rs.Course.Heartbeat(ctx, &org.Actor{UserID: u.ID}, l.ID,
				course.Beat{PlaybackID: who, Seq: seq, Visible: true})
			must(t, err)
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// fetch GETs a path and returns the status, the headers and the body.
func (c *client) fetch(path string) (int, http.Header, []byte) {
	c.t.Helper()
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func TestReportAccessAndBadInput(t *testing.T) {
	rs := newReportServer(t)
	committee, learner := rs.login(t, "demo_committee"), rs.login(t, "demo_learner")
	var units report.UnitsReport
	if st := committee.do("GET", "/api/v1/reports/units", nil, &units); st != 200 || units.Unit.Name != "华北分公司党委" {
		t.Fatalf("committee's own subtree: %d %+v", st, units.Unit)
	}
	if units.Total.Completed != 2 || units.Total.People == 0 {
		t.Errorf("figures %+v", units.Total)
	}
	cases := []struct {
		who        *client
		path       string
		status     int
		code, text string
	}{
		{learner, "/api/v1/reports/units", 403, "forbidden", "党委"},
		{learner, "/api/v1/reports/people.xlsx", 403, "forbidden", ""},
		{learner, fmt.Sprintf("/api/v1/reports/people/%d", rs.users["hb1_01"]), 403, "forbidden", ""},
		{committee, fmt.Sprintf("/api/v1/reports/units?org=%d", rs.units["示范能源集团"]), 403, "forbidden", "管辖"},
		{committee, fmt.Sprintf("/api/v1/reports/courses?org=%d", rs.units["集团机关党委"]), 403, "forbidden", ""},
		{committee, fmt.Sprintf("/api/v1/reports/units.csv?org=%d", rs.units["集团机关党委"]), 403, "forbidden", ""},
		{committee, "/api/v1/reports/units?org=999999", 404, "not_found", ""},
		{committee, "/api/v1/reports/units?year=abc", 400, "invalid", "年度"},
		{committee, "/api/v1/reports/units?year=1999", 400, "invalid", "年度"},
		{committee, "/api/v1/reports/units?year=20260", 400, "invalid", ""},
		{committee, "/api/v1/reports/units?org=abc", 400, "invalid", "org"},
		{committee, "/api/v1/reports/units?org=-3", 400, "invalid", ""},
		{committee, "/api/v1/reports/units?course=1.5", 400, "invalid", ""},
		{committee, "/api/v1/reports/people?status=everyone", 400, "invalid", ""},
		{committee, "/api/v1/reports/people?sort=password", 400, "invalid", ""},
		{committee, "/api/v1/reports/people?page=0", 400, "invalid", ""},
		{committee, "/api/v1/reports/people/abc", 400, "invalid", ""},
		{committee, "/api/v1/reports/people/" + fmt.Sprint(rs.users["demo_learner"]) + "?year=x", 400, "invalid", ""},
	}
	for _, c := range cases {
		var e apiError
		if st := c.who.do("GET", c.path, nil, &e); st != c.status || e.Error.Code != c.code || !strings.Contains(e.Error.Message, c.text) {
			t.Errorf("GET %s: %d %+v, want %d %s", c.path, st, e.Error, c.status, c.code)
		}
	}
	// A person outside the subtree: 403; one inside: their transcript.
	outside, err := rs.Org.UserByUsername(context.Background(), "bgs_01")
	must(t, err)
	var e apiError
	if st := committee.do("GET", fmt.Sprintf("/api/v1/reports/people/%d", outside.ID), nil, &e); st != 403 {
		t.Errorf("person outside: %d %+v", st, e)
	}
	var tr report.Transcript
	if st := committee.do("GET", fmt.Sprintf("/api/v1/reports/people/%d", rs.users["hb1_01"]), nil, &tr); st != 200 ||
		len(tr.Courses) != 1 || tr.Courses[0].State != "completed" {
		t.Errorf("transcript: %d %+v", st, tr)
	}
	// Huge pages are capped; a year without data is an empty report.
	var page report.PeoplePage
	if st := committee.do("GET", "/api/v1/reports/people?per_page=100000000000000000000000", nil, &page); st != 200 ||
		page.PerPage != report.MaxPerPage {
		t.Errorf("huge page: %d per_page %d", st, page.PerPage)
	}
	if st := committee.do("GET", "/api/v1/reports/units?year=2001", nil, &units); st != 200 || units.Total.Enrolled != 0 ||
		units.Total.CompletionRate != nil {
		t.Errorf("empty year: %d %+v", st, units.Total)
	}
	anonymous := rs.client(t)
	if st := anonymous.do("GET", "/api/v1/reports/units", nil, &e); st != 401 {
		t.Errorf("anonymous: %d", st)
	}
}

// Names that look like formulas reach both files as text.
func TestReportExportsKeepFormulasAsText(t *testing.T) {
	rs := newReportServer(t)
	committee := rs.login(t, "demo_committee")

	st, h, body := committee.fetch("/api/v1/reports/people.csv")
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") ||
		!strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("csv: %d %v", st, h)
	}
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Error("csv lacks the UTF-8 byte-order mark")
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	must(t, err)
	if records[0][0] != "账号" || records[0][1] != "姓名" {
		t.Errorf("csv header %v", records[0])
	}
	names := map[string]bool{}
	for _, r := range records[1:] {
		names[r[1]] = true
	}
	for _, n := range formulaNames {
		if !names["'"+n] {
			t.Errorf("csv: %q is not written as text (have %v)", n, names)
		}
	}

	st, h, body = committee.fetch("/api/v1/reports/people.xlsx")
	if st != 200 || h.Get("Content-Type") != downloadTypes["xlsx"] {
		t.Fatalf("xlsx: %d %v", st, h)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	must(t, err)
	defer f.Close()
	checkPeopleSheet(t, f)

	st, _, body = committee.fetch("/api/v1/reports/all.xlsx")
	if st != 200 {
		t.Fatalf("all.xlsx: %d", st)
	}
	all, err := excelize.OpenReader(bytes.NewReader(body))
	must(t, err)
	defer all.Close()
	if got := all.GetSheetList(); strings.Join(got, ",") != "各单位,各课程,人员明细" {
		t.Errorf("sheets %v", got)
	}
	checkUnitsSheet(t, all)
}

func checkPeopleSheet(t *testing.T, f *excelize.File) {
	t.Helper()
	rows, err := f.GetRows("人员明细")
	must(t, err)
	if rows[0][0] != "账号" || rows[0][9] != "完成率" {
		t.Errorf("xlsx header %v", rows[0])
	}
	panes, err := f.GetPanes("人员明细")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
	found := 0
	for i, r := range rows[1:] {
		cell, _ := excelize.CoordinatesToCellName(2, i+2)
		for _, n := range formulaNames {
			if r[1] != n {
				continue
			}
			found++
			if formula, _ := f.GetCellFormula("人员明细", cell); formula != "" {
				t.Errorf("%s holds the formula %q", cell, formula)
			}
			if typ, _ := f.GetCellType("人员明细", cell); typ != excelize.CellTypeInlineString {
				t.Errorf("%s (%q) has type %v", cell, n, typ)
			}
		}
	}
	if found != len(formulaNames) {
		t.Errorf("found %d of the formula-like names", found)
	}
	// Counts are numbers, rates are numbers shown as percentages.
	if typ, _ := f.GetCellType("人员明细", "E2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("count cell type %v", typ)
	}
}

func checkUnitsSheet(t *testing.T, f *excelize.File) {
	t.Helper()
	rows, err := f.GetRows("各单位")
	must(t, err)
	var cmdRow, rateCell string
	for i, r := range rows {
		if r[0] == "+cmd" {
			cmdRow = r[0]
		}
		if strings.HasPrefix(r[0], "生产党总支") {
			rateCell, _ = excelize.CoordinatesToCellName(9, i+1)
		}
	}
	if cmdRow != "+cmd" {
		t.Errorf("the unit named +cmd is missing or changed: %v", rows)
	}
	raw, _ := f.GetCellValue("各单位", rateCell, excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue("各单位", rateCell)
	if !strings.HasSuffix(shown, "%") || strings.HasSuffix(raw, "%") {
		t.Errorf("completion rate %s: raw %q shown %q: want a number shown as a percentage", rateCell, raw, shown)
	}
}

func TestReportPages(t *testing.T) {
	rs := newReportServer(t)
	committee := rs.login(t, "demo_committee")
	st, body := committee.get("/reports")
	if st != 200 || !strings.Contains(body, "各单位完成率") || !strings.Contains(body, "生产党总支") ||
		!strings.Contains(body, `data-chart=`) {
		t.Fatalf("dashboard: %d %.500s", st, body)
	}
	for _, path := range []string{
		fmt.Sprintf("/reports?org=%d", rs.units["生产党总支"]),
		fmt.Sprintf("/reports/people?org=%d&status=incomplete&sort=rate", rs.units["第一党支部"]),
		fmt.Sprintf("/reports/courses?org=%d", rs.units["华北分公司党委"]),
		fmt.Sprintf("/reports/people/%d", rs.users["hb1_01"]),
	} {
		st, body := committee.get(path)
		body = strings.NewReplacer("report.css", "", "report.js", "").Replace(body)
		if st != 200 || strings.Contains(body, "report.") {
			t.Errorf("%s: %d (untranslated key?) %.300s", path, st, body)
		}
	}
	if st, _ := rs.login(t, "demo_learner").get("/reports"); st != 403 {
		t.Errorf("learner's dashboard: %d", st)
	}
	if st, _ := committee.get(fmt.Sprintf("/reports?org=%d", rs.units["示范能源集团"])); st != 403 {
		t.Errorf("outside the subtree: %d", st)
	}
	if st, _ := committee.get("/reports?year=abc"); st != 400 {
		t.Errorf("bad year: %d", st)
	}
}
