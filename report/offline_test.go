package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/internal/apperr"
	"lms/internal/db"
)

// credit writes an offline ledger entry as training does at 结业 or when a
// claim is approved: through course, inside a transaction.
func (f *fixture) credit(username, kind string, ref int64, hours float64) {
	f.t.Helper()
	must(f.t, db.InTx(f.ctx, f.pool, func(tx pgx.Tx) error {
		_, err := f.course.CreditOther(f.ctx, tx, []course.OtherCredit{{UserID: f.users[username], Kind: kind,
			RefID: ref, Title: "线下", Year: f.year, Hours: hours, On: time.Now()}})
		return err
	}))
}

func (f *fixture) uncredit(username, kind string, ref int64) {
	f.t.Helper()
	must(f.t, db.InTx(f.ctx, f.pool, func(tx pgx.Tx) error {
		return f.course.UncreditOther(f.ctx, tx, f.users[username], kind, ref)
	}))
}

// offlineScenario adds to the story: 二号 is 结业 of a class (1 h, credited
// twice, counted once), 四号's claim of 3 h and 五号's of 2 h are approved.
// 二号 now has 2 of 2 over the cycle, 四号 3 of 3, 五号 3.5 of 3: all met.
func offlineScenario(t *testing.T) *scenario {
	s := newScenario(t)
	s.credit("p2", "training", 1, 1)
	s.credit("p2", "training", 1, 1)
	s.credit("p4", "group_study", 7, 3)
	s.credit("p5", "party_school", 8, 2)
	s.verify()
	return s
}

func TestOfflineHoursInUnitFigures(t *testing.T) {
	s := offlineScenario(t)
	r, ch, err := s.svc.Dashboard(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	a, b := r.Rows[0], r.Rows[1]
	// 甲: online as before (7), offline 1 + 3; below only 三号 and 委员 now.
	if a.Hours != 7 || a.OfflineHours != 4 || a.TotalHours != 11 || a.BelowRequirement != 2 || *a.HoursPerPerson != 2.2 {
		t.Errorf("甲党委: %s", showFigures(a.Figures))
	}
	if b.Hours != 1.5 || b.OfflineHours != 2 || b.BelowRequirement != 0 {
		t.Errorf("乙党委: %s", showFigures(b.Figures))
	}
	if r.Total.OfflineHours != 6 || r.Total.TotalHours != 14.5 || r.Total.BelowRequirement != 2 {
		t.Errorf("total: %s", showFigures(r.Total))
	}
	// 一号, 二号, 四号, 五号 met; 委员 over half (2 of 3), 三号 under (1.5 of 4).
	if ch.Buckets[BucketMet].People != 4 || ch.Buckets[BucketOverHalf].People != 1 || ch.Buckets[BucketUnderHalf].People != 1 {
		t.Errorf("buckets: %+v", ch.Buckets)
	}
	// A course filter narrows the hours to the course's: no offline hours.
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, CourseID: s.c1})
	must(t, err)
	if r.Total.OfflineHours != 0 {
		t.Errorf("offline hours under a course filter: %g", r.Total.OfflineHours)
	}
}

func TestOfflineHoursInPeopleAndPerson(t *testing.T) {
	s := offlineScenario(t)
	page, err := s.svc.People(s.ctx, s.sys, Query{UnitID: s.units["甲一支部"].ID, Year: s.year, Sort: "name",
		PerPage: 50, Page: 1})
	must(t, err)
	i := slices.IndexFunc(page.Rows, func(p PersonRow) bool { return p.Name == "二号" })
	if p := page.Rows[i]; p.Hours != 0 || p.OfflineHours != 1 || p.TotalHours != 1 || p.CycleHours != 2 || p.Below {
		t.Errorf("二号: %+v", p)
	}
	tr, err := s.svc.Person(s.ctx, s.sys, s.users["p4"], s.year)
	must(t, err)
	if tr.Person.OfflineHours != 3 || tr.Person.Below || len(tr.Offline) != 1 || tr.Offline[0].Kind != "group_study" {
		t.Errorf("四号: %+v %+v", tr.Person, tr.Offline)
	}
	below, err := s.svc.People(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year, Status: StatusBelow,
		Sort: "name", PerPage: 50, Page: 1})
	must(t, err)
	if !equalStrings(names2(below.Rows), []string{"三号", "委员"}) {
		t.Errorf("below: %v", names2(below.Rows))
	}
}

// A 结业 corrected to 未结业 takes its hours out of the sums; a committee
// sees only its own subtree's offline hours.
func TestOfflineWithdrawalAndScope(t *testing.T) {
	s := offlineScenario(t)
	s.uncredit("p2", "training", 1)
	s.verify()
	cma := s.actor("cma")
	r, err := s.svc.Units(s.ctx, cma, Query{UnitID: s.units["甲党委"].ID, Year: s.year})
	must(t, err)
	if r.Total.OfflineHours != 3 || r.Total.BelowRequirement != 3 {
		t.Errorf("甲党委 after the withdrawal: %s", showFigures(r.Total))
	}
	if _, err := s.svc.Units(s.ctx, cma, Query{UnitID: s.units["乙党委"].ID, Year: s.year}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("甲's committee read 乙: %v", err)
	}
	if _, err := s.svc.Person(s.ctx, cma, s.users["p5"], s.year); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("甲's committee read 五号: %v", err)
	}
	// 四号 moves to 乙 and takes their offline hours along.
	s.move("p4", "乙党委")
	s.verify()
	r, err = s.svc.Units(s.ctx, s.sys, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	if r.Rows[0].OfflineHours != 0 || r.Rows[1].OfflineHours != 5 {
		t.Errorf("after the move: 甲 %g, 乙 %g", r.Rows[0].OfflineHours, r.Rows[1].OfflineHours)
	}
	// The reconcile job rebuilds the offline hours too.
	_, err = s.pool.Exec(s.ctx, `UPDATE report_person_year SET offline_hours = 0`)
	must(t, err)
	if diff, _ := s.svc.Verify(s.ctx); diff["report_person_year"] == 0 {
		t.Errorf("differences: %v", diff)
	}
	must(t, s.svc.Rebuild(s.ctx))
	s.verify()
}

func TestExportsCarryOfflineHours(t *testing.T) {
	s := offlineScenario(t)
	e, err := s.svc.Export(s.ctx, s.sys, ViewAll, Query{UnitID: s.units["测试集团"].ID, Year: s.year})
	must(t, err)
	var b bytes.Buffer
	must(t, WriteCSV(context.Background(), &b, &Export{Name: e.Name, Sheets: e.Sheets[:1]}, nil))
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	must(t, err)
	col := slices.Index(recs[0], "线下学时")
	if col < 0 || recs[0][col-1] != "线上学时" || recs[0][col+1] != "学时合计" {
		t.Fatalf("units header: %v", recs[0])
	}
	if last := recs[len(recs)-1]; last[col] != "6" || last[col+1] != "14.5" {
		t.Errorf("total row: %v", last)
	}
	b.Reset()
	must(t, WriteCSV(context.Background(), &b, &Export{Name: e.Name, Sheets: e.Sheets[2:]}, nil))
	recs, err = csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	must(t, err)
	col = slices.Index(recs[0], "本年线下学时")
	i := slices.IndexFunc(recs, func(r []string) bool { return r[1] == "四号" })
	if col < 0 || i < 0 || recs[i][col] != "3" {
		t.Errorf("people sheet: %v / %v", recs[0], recs[max(i, 0)])
	}
}
