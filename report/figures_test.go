package report

import (
	"fmt"
	"testing"
	"time"

	"lms/org"
)

// orgScenario plays through a year of a small organisation. Every figure
// the tests below expect is worked out by hand from this story:
//
//	测试集团 (R)
//	├── 甲党委 (A): 四号 (科员), 委员 (committee of A)
//	│   ├── 甲一支部 (A1): 一号, 二号 (科员)
//	│   └── 甲二支部 (A2): 三号 (正处级)
//	└── 乙党委 (B): 五号, 六号 (科员; 六号 is disabled at the end)
//
// Requirements: R 3 h a year; A1 2 h per two-year cycle from last year;
// A2 4 h a year for 正处级.
// Courses: C1 党史学习 (理论, 1.5 h, two lessons) assigned to R; C2 业务培训
// (业务, 2 h) assigned to A, due in a moment (so overdue when checked);
// C3 往年课程 (理论, 1 h) assigned to A1 for last year.
// Study: 一号 completes C1, C2, C3; 二号 reads one lesson of C1 and
// completes C3; 三号, 五号 and 六号 complete C1; 委员 completes C2.
// Quizzes (best result counts): Q1 of C1: 一号 50 then 90, 三号 70, 五号 40,
// 六号 100; Q2 of C2: 一号 80, 委员 55; 二号 100 in the daily practice (not
// assessed).
type scenario struct {
	*fixture
	c1, c2, c3 int64
}

func newScenario(t *testing.T) *scenario {
	f := newFixture(t)
	s := &scenario{fixture: f}
	f.unit("测试集团", "", "集团")
	f.unit("甲党委", "测试集团", "党委")
	f.unit("甲一支部", "甲党委", "党支部")
	f.unit("甲二支部", "甲党委", "党支部")
	f.unit("乙党委", "测试集团", "党委")
	f.user("p1", "一号", "甲一支部", "科员")
	f.user("p2", "二号", "甲一支部", "科员")
	f.user("p3", "三号", "甲二支部", "正处级")
	f.user("p4", "四号", "甲党委", "科员")
	f.user("cma", "委员", "甲党委", "副处级", org.RoleCommittee)
	f.user("p5", "五号", "乙党委", "科员")
	f.user("p6", "六号", "乙党委", "科员")

	f.requirement("测试集团", "", 3, 1, 2020)
	f.requirement("甲一支部", "", 2, 2, f.year-1)
	f.requirement("甲二支部", "正处级", 4, 1, 2020)

	var l1, l2, l3 []int64
	s.c1, l1 = f.newCourse("党史学习", "理论", 1.5, 2)
	s.c2, l2 = f.newCourse("业务培训", "业务", 2, 1)
	s.c3, l3 = f.newCourse("往年课程", "理论", 1, 1)
	due := time.Now().Add(3 * time.Second)
	f.assign(s.c1, "测试集团", f.year, time.Now().Add(30*24*time.Hour))
	f.assign(s.c2, "甲党委", f.year, due)
	f.assign(s.c3, "甲一支部", f.year-1, time.Now().Add(30*24*time.Hour))

	for _, u := range []string{"p1", "p3", "p5", "p6"} {
		f.study(u, l1[0])
		f.study(u, l1[1])
	}
	f.study("p2", l1[0])
	f.study("p1", l2[0])
	f.study("cma", l2[0])
	f.study("p1", l3[0])
	f.study("p2", l3[0])

	q1, q2, daily := f.quiz(s.c1, "fixed"), f.quiz(s.c2, "fixed"), f.quiz(s.c1, "daily")
	f.attempt("p1", q1, 50)
	f.attempt("p1", q1, 90)
	f.attempt("p3", q1, 70)
	f.attempt("p5", q1, 40)
	f.attempt("p6", q1, 100)
	f.attempt("p1", q2, 80)
	f.attempt("cma", q2, 55)
	f.attempt("p2", daily, 100)

	f.disable("p6")
	time.Sleep(time.Until(due) + 100*time.Millisecond)
	f.verify()
	return s
}

func fl(v float64) *float64 { return &v }

// want is a row's figures as worked out by hand; nil rates mean "no data".
func want(people, enrolled, completed, inProgress, notStarted, overdue int64, rate *float64, hours float64,
	perPerson *float64, withReq, below int64, met *float64, quizTaken int64, quizAvg, quizPass *float64) Figures {
	return Figures{Counts: Counts{People: people, Enrolled: enrolled, Completed: completed, InProgress: inProgress,
		NotStarted: notStarted, Overdue: overdue, Hours: hours, WithRequirement: withReq, BelowRequirement: below,
		QuizTaken: quizTaken, QuizPassed: 0},
		CompletionRate: rate, HoursPerPerson: perPerson, MetRate: met, QuizAverage: quizAvg, QuizPassRate: quizPass}
}

func checkFigures(t *testing.T, what string, got, w Figures) {
	t.Helper()
	got.QuizScore, got.QuizPassed = 0, 0 // checked through the average and pass rate
	if !equalFigures(got, w) {
		t.Errorf("%s:\n got %s\nwant %s", what, showFigures(got), showFigures(w))
	}
}

func TestUnitsFiguresByHand(t *testing.T) {
	s := newScenario(t)
	r, err := s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	if len(r.Rows) != 2 || r.Rows[0].Name != "甲党委" || r.Rows[1].Name != "乙党委" {
		t.Fatalf("rows %+v", r.Rows)
	}
	if !r.Rows[0].HasChildren || r.Rows[1].HasChildren {
		t.Errorf("has children: %v %v", r.Rows[0].HasChildren, r.Rows[1].HasChildren)
	}
	// 甲: 5 people; C1 ×5 (一号, 三号 done; 二号 started), C2 ×5 (一号, 委员
	// done; 二号, 三号, 四号 open and past due). Hours 3.5 + 1.5 + 2. Below:
	// 二号 (1 of 2 over the cycle), 三号 (1.5 of 4), 四号 (0 of 3), 委员 (2 of 3).
	// Quizzes: 90 ✓, 70 ✓, 80 ✓, 55 ✗.
	checkFigures(t, "甲党委", r.Rows[0].Figures,
		want(5, 10, 4, 1, 5, 3, fl(0.4), 7, fl(1.4), 5, 4, fl(0.2), 4, fl(73.75), fl(0.75)))
	// 乙: 五号 only (六号 is disabled): C1 done, 1.5 of 3 hours, quiz 40 ✗.
	checkFigures(t, "乙党委", r.Rows[1].Figures,
		want(1, 1, 1, 0, 0, 0, fl(1), 1.5, fl(1.5), 1, 1, fl(0), 1, fl(40), fl(0)))
	checkFigures(t, "total", r.Total,
		want(6, 11, 5, 1, 5, 3, fl(0.4545), 8.5, fl(1.42), 6, 5, fl(0.1667), 5, fl(67), fl(0.6)))

	// Drill down into 甲党委: its own members first, then each branch.
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["甲党委"].ID, Year: s.year})
	must(t, err)
	if len(r.Rows) != 3 || !r.Rows[0].Own || r.Rows[1].Name != "甲一支部" || r.Rows[2].Name != "甲二支部" {
		t.Fatalf("rows %+v", r.Rows)
	}
	checkFigures(t, "甲党委（本级）", r.Rows[0].Figures,
		want(2, 4, 1, 0, 3, 1, fl(0.25), 2, fl(1), 2, 2, fl(0), 1, fl(55), fl(0)))
	checkFigures(t, "甲一支部", r.Rows[1].Figures,
		want(2, 4, 2, 1, 1, 1, fl(0.5), 3.5, fl(1.75), 2, 1, fl(0.5), 2, fl(85), fl(1)))
	checkFigures(t, "甲二支部", r.Rows[2].Figures,
		want(1, 2, 1, 0, 1, 1, fl(0.5), 1.5, fl(1.5), 1, 1, fl(0), 1, fl(70), fl(1)))
	if len(r.Trail) != 2 || r.Trail[0].Name != "测试集团" {
		t.Errorf("trail %+v", r.Trail)
	}
}

// Last year holds only C3, completed by 一号 and 二号; 二号's cycle (last
// year and this) holds 1 of 2 hours.
func TestUnitsLastYearAndEmptyYear(t *testing.T) {
	s := newScenario(t)
	r, err := s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["甲党委"].ID, Year: s.year - 1})
	must(t, err)
	checkFigures(t, "甲一支部 last year", r.Rows[1].Figures,
		want(2, 2, 2, 0, 0, 0, fl(1), 2, fl(1), 2, 1, fl(0.5), 0, nil, nil))
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: 2001})
	must(t, err)
	if r.Total.Enrolled != 0 || r.Total.Hours != 0 || r.Total.CompletionRate != nil || r.Total.People != 6 {
		t.Errorf("a year without data: %+v", r.Total)
	}
}

// With a course, enrollments, hours and quizzes are the course's; people
// and the requirement are not narrowed.
func TestUnitsOfOneCourseAndCategory(t *testing.T) {
	s := newScenario(t)
	r, err := s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, CourseID: s.c2})
	must(t, err)
	if r.Course == nil || r.Course.Title != "业务培训" {
		t.Errorf("course %+v", r.Course)
	}
	checkFigures(t, "甲党委, C2", r.Rows[0].Figures,
		want(5, 5, 2, 0, 3, 3, fl(0.4), 4, fl(0.8), 5, 4, fl(0.2), 2, fl(67.5), fl(0.5)))
	checkFigures(t, "乙党委, C2", r.Rows[1].Figures,
		want(1, 0, 0, 0, 0, 0, nil, 0, fl(0), 1, 1, fl(0), 0, nil, nil))
	// 理论 this year is C1 alone (C3 was last year).
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, Category: "理论"})
	must(t, err)
	checkFigures(t, "total, 理论", r.Total,
		want(6, 6, 3, 1, 2, 0, fl(0.5), 4.5, fl(0.75), 6, 5, fl(0.1667), 3, fl(66.67), fl(0.6667)))
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, Category: "没有的分类"})
	must(t, err)
	if r.Total.Enrolled != 0 || r.Total.People != 6 {
		t.Errorf("unknown category: %+v", r.Total)
	}
}

func TestCoursesFiguresByHand(t *testing.T) {
	s := newScenario(t)
	r, err := s.svc.Courses(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	if len(r.Rows) != 2 {
		t.Fatalf("rows %+v", r.Rows)
	}
	c1, c2 := r.Rows[0], r.Rows[1]
	if c1.Title != "党史学习" || c1.Category != "理论" || c1.CourseHours != 1.5 || c1.Enrolled != 6 || c1.Completed != 3 ||
		c1.InProgress != 1 || c1.NotStarted != 2 || c1.Overdue != 0 || *c1.CompletionRate != 0.5 || c1.CreditedHours != 4.5 ||
		c1.QuizTaken != 3 || *c1.QuizAverage != 66.67 || *c1.QuizPassRate != 0.6667 || *c1.AvgDaysToComplete != 0 {
		t.Errorf("C1 %s", show(c1))
	}
	if c2.Title != "业务培训" || c2.Enrolled != 5 || c2.Completed != 2 || c2.InProgress != 0 || c2.NotStarted != 3 ||
		c2.Overdue != 3 || *c2.CompletionRate != 0.4 || c2.CreditedHours != 4 || c2.QuizTaken != 2 ||
		*c2.QuizAverage != 67.5 || *c2.QuizPassRate != 0.5 {
		t.Errorf("C2 %s", show(c2))
	}
	// 甲一支部 last year: C3 twice, both done.
	r, err = s.svc.Courses(s.ctx, s.sys, Query{UnitID: s.units["甲一支部"].ID, Year: s.year - 1})
	must(t, err)
	if len(r.Rows) != 1 || r.Rows[0].Title != "往年课程" || r.Rows[0].Completed != 2 || r.Rows[0].CreditedHours != 2 {
		t.Errorf("last year %s", show(r.Rows))
	}
}

func TestPeopleFiguresByHand(t *testing.T) {
	s := newScenario(t)
	page, err := s.svc.People(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, Sort: "name", PerPage: 50, Page: 1})
	must(t, err)
	if page.Total != 6 || len(page.Rows) != 6 {
		t.Fatalf("people %s", show(page))
	}
	byName := map[string]PersonRow{}
	for _, p := range page.Rows {
		byName[p.Name] = p
	}
	p1 := byName["一号"]
	if p1.UnitName != "甲一支部" || p1.Enrolled != 2 || p1.Completed != 2 || p1.Overdue != 0 || *p1.CompletionRate != 1 ||
		p1.Hours != 3.5 || p1.CycleFrom != s.year-1 || p1.CycleTo != s.year || p1.CycleHours != 4.5 ||
		*p1.Required != 2 || p1.Below || p1.QuizTaken != 2 || *p1.QuizAverage != 85 || *p1.QuizPassRate != 1 {
		t.Errorf("一号 %s", show(p1))
	}
	p2 := byName["二号"]
	if p2.Enrolled != 2 || p2.InProgress != 1 || p2.NotStarted != 1 || p2.Overdue != 1 || *p2.CompletionRate != 0 ||
		p2.Hours != 0 || p2.CycleHours != 1 || !p2.Below || p2.QuizTaken != 0 || p2.QuizAverage != nil {
		t.Errorf("二号 %s", show(p2))
	}
	p3 := byName["三号"]
	if p3.Rank != "正处级" || p3.Hours != 1.5 || *p3.Required != 4 || p3.CycleFrom != s.year || !p3.Below || p3.Overdue != 1 {
		t.Errorf("三号 %s", show(p3))
	}
	p5 := byName["五号"]
	if p5.Hours != 1.5 || *p5.Required != 3 || !p5.Below || *p5.QuizAverage != 40 || *p5.QuizPassRate != 0 {
		t.Errorf("五号 %s", show(p5))
	}
	if _, ok := byName["六号"]; ok {
		t.Error("a disabled person is listed")
	}
	for status, names := range map[string][]string{
		StatusOverdue:    {"三号", "二号", "四号"},
		StatusCompleted:  {"一号", "五号"},
		StatusIncomplete: {"三号", "二号", "四号", "委员"},
		StatusBelow:      {"三号", "二号", "五号", "四号", "委员"},
		StatusNotStarted: {"四号"},
		StatusNone:       nil,
	} {
		page, err := s.svc.People(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, Status: status,
			Sort: "name", PerPage: 50, Page: 1})
		must(t, err)
		if got := names2(page.Rows); !equalStrings(got, names) || page.Total != int64(len(names)) {
			t.Errorf("%s: %v (total %d), want %v", status, got, page.Total, names)
		}
	}
}

func TestPersonTranscriptByHand(t *testing.T) {
	s := newScenario(t)
	tr, err := s.svc.Person(s.ctx, s.sys, s.users["p2"], s.year)
	must(t, err)
	if len(tr.Courses) != 2 {
		t.Fatalf("courses %s", show(tr.Courses))
	}
	od, open := tr.Courses[0], tr.Courses[1]
	if od.Title != "业务培训" || !od.Overdue || od.State != "not_started" || od.CompletedAt != nil || od.Credited != nil {
		t.Errorf("overdue line %s", show(od))
	}
	if open.Title != "党史学习" || open.Overdue || open.State != "in_progress" || open.StartedAt == nil || open.QuizScore != nil {
		t.Errorf("in progress line %s", show(open))
	}
	tr, err = s.svc.Person(s.ctx, s.sys, s.users["p1"], s.year)
	must(t, err)
	for _, c := range tr.Courses {
		if c.State != "completed" || c.CompletedAt == nil || c.Credited == nil || c.QuizScore == nil || !*c.QuizPassed {
			t.Errorf("一号 %s", show(c))
		}
	}
	if tr.Person.Hours != 3.5 || tr.Person.CycleHours != 4.5 || len(tr.Trail) != 3 {
		t.Errorf("一号 %s, trail %d", show(tr.Person), len(tr.Trail))
	}
	// 六号 is disabled: still shown to a committee, with their records.
	tr, err = s.svc.Person(s.ctx, s.sys, s.users["p6"], s.year)
	must(t, err)
	if !tr.Disabled || len(tr.Courses) != 1 || tr.Courses[0].State != "completed" {
		t.Errorf("六号 %s", show(tr))
	}
}

func TestChartsByHand(t *testing.T) {
	s := newScenario(t)
	_, c, err := s.svc.Dashboard(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	// 一号 met; 二号 1 of 2, 委员 2 of 3, 五号 1.5 of 3: half or more;
	// 三号 1.5 of 4: under half; 四号 nothing.
	wantBuckets := []int64{0, 1, 1, 3, 1}
	for i, b := range c.Buckets {
		if b.Bucket != i || b.People != wantBuckets[i] {
			t.Errorf("bucket %d: %+v, want %d", i, b, wantBuckets[i])
		}
	}
	month := time.Now().In(chinaTime)
	if len(c.Trend) != 1 || c.Trend[0].Completed != 5 || c.Trend[0].Month.Month() != month.Month() {
		t.Errorf("trend %s", show(c.Trend))
	}
	// Own people's rates: 甲 1/4, 甲一 2/4 (2 open), 甲二 1/2 (1 open), 乙 1/1.
	var names []string
	for _, b := range c.Behind {
		names = append(names, b.Name)
	}
	if !equalStrings(names, []string{"甲党委", "甲一支部", "甲二支部", "乙党委"}) || c.Behind[1].ParentName != "甲党委" {
		t.Errorf("behind %s", show(c.Behind))
	}
}

// A person who moves takes their figures along; the sums stay equal to
// the raw records through moves and re-enabling.
func TestFiguresFollowMoves(t *testing.T) {
	s := newScenario(t)
	s.move("p3", "乙党委")
	s.verify()
	r, err := s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	// 乙 now holds 五号 and 三号: C1 ×2 done, C2 open and overdue.
	checkFigures(t, "乙党委 after the move", r.Rows[1].Figures,
		want(2, 3, 2, 0, 1, 1, fl(0.6667), 3, fl(1.5), 2, 2, fl(0), 2, fl(55), fl(0.5)))
	_, err = s.org.UpdateUser(s.ctx, s.sys, s.users["p6"], org.UserPatch{Disabled: ptr(false)})
	must(t, err)
	s.verify()
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["乙党委"].ID, Year: s.year})
	must(t, err)
	if r.Total.People != 3 || r.Total.Completed != 3 || r.Total.QuizTaken != 3 {
		t.Errorf("乙党委 after 六号 is back: %s", show(r.Total))
	}
}

// The nightly job finds sums that no longer agree with the raw records
// (here: changed behind the triggers' back) and rebuilds them.
func TestReconcileRepairsSums(t *testing.T) {
	s := newScenario(t)
	_, err := s.pool.Exec(s.ctx, `UPDATE report_unit_due SET completed = completed + 5 WHERE completed > 0`)
	must(t, err)
	_, err = s.pool.Exec(s.ctx, `DELETE FROM report_person_year WHERE year = $1`, s.year-1)
	must(t, err)
	diff, err := s.svc.Verify(s.ctx)
	must(t, err)
	if diff["report_unit_due"] == 0 || diff["report_person_year"] == 0 {
		t.Fatalf("differences not found: %v", diff)
	}
	w := &ReconcileWorker{Service: s.svc}
	must(t, w.Work(s.ctx, nil))
	s.verify()
	r, err := s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	if r.Total.Completed != 5 {
		t.Errorf("completed after the rebuild: %d", r.Total.Completed)
	}
}

// With more rules than a unit's mask has bits, rules are matched by path
// row by row: the figures are the same.
func TestManyRulesSameFigures(t *testing.T) {
	s := newScenario(t)
	// Ranks nobody holds, which the course feature's form refuses: the
	// rules are written to its table directly.
	for i := range maxMasked {
		_, err := s.pool.Exec(s.ctx, `INSERT INTO requirements (unit_path, rank, hours, cycle_years, start_year)
			SELECT path, $2, 99, 1, 2020 FROM units WHERE id = $1`, s.units["测试集团"].ID, fmt.Sprintf("职级%02d", i))
		must(t, err)
	}
	r, err := s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	checkFigures(t, "total", r.Total,
		want(6, 11, 5, 1, 5, 3, fl(0.4545), 8.5, fl(1.42), 6, 5, fl(0.1667), 5, fl(67), fl(0.6)))
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["甲党委"].ID, Year: s.year})
	must(t, err)
	checkFigures(t, "甲一支部", r.Rows[1].Figures,
		want(2, 4, 2, 1, 1, 1, fl(0.5), 3.5, fl(1.75), 2, 1, fl(0.5), 2, fl(85), fl(1)))
	page, err := s.svc.People(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, Status: StatusBelow,
		Sort: "name", PerPage: 50, Page: 1})
	must(t, err)
	if page.Total != 5 {
		t.Errorf("below: %d", page.Total)
	}
}
