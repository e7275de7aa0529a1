package report

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"lms/course"
	"lms/org"
)

// Completions committing while people move between units and change rank:
// the sums still equal the raw records afterwards (the account lock the
// report's hooks take orders each completion with each move).
func TestSumsStayExactUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	f.unit("并发集团", "", "集团")
	f.unit("甲", "并发集团", "党支部")
	f.unit("乙", "并发集团", "党支部")
	var names []string
	for i := range 12 {
		name := fmt.Sprintf("c%02d", i)
		f.user(name, name, "甲", "科员")
		names = append(names, name)
	}
	c, lessons := f.newCourse("并发课程", "理论", 1, 1)
	f.assign(c, "并发集团", f.year, time.Now().Add(24*time.Hour))
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.study(n, lessons[0])
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 8 {
			unit, rank := []string{"乙", "甲"}[i%2], []string{"副科级", "科员"}[i%2]
			for _, n := range names[:3] {
				_, err := f.org.UpdateUser(f.ctx, f.sys, f.users[n], org.UserPatch{UnitID: &f.units[unit].ID, Rank: &rank})
				if err != nil {
					t.Error(err)
				}
			}
		}
	}()
	wg.Wait()
	f.verify()
	r, err := f.svc.Units(f.ctx, f.sys, Query{UnitID: f.units["并发集团"].ID, Year: f.year})
	must(t, err)
	if r.Total.People != 12 || r.Total.Completed != 12 || r.Total.Hours != 12 {
		t.Errorf("totals %s", showFigures(r.Total))
	}
}

// Assignments committing while people move between the assigned subtrees,
// then the dashboard's sync: every enrollment and head count lands in the
// unit its person is in when it commits.
func TestSumsStayExactWhileAssigningAndMoving(t *testing.T) {
	f := newFixture(t)
	f.unit("分配集团", "", "集团")
	f.unit("甲", "分配集团", "党支部")
	f.unit("乙", "分配集团", "党支部")
	var names []string
	for i := range 10 {
		name := fmt.Sprintf("m%02d", i)
		f.user(name, name, []string{"甲", "乙"}[i%2], "科员")
		names = append(names, name)
	}
	var courses []int64
	for i := range 4 {
		c, _ := f.newCourse(fmt.Sprintf("分配课程%d", i), "理论", 1, 1)
		courses = append(courses, c)
	}
	var wg sync.WaitGroup
	for i, c := range courses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.course.Assign(f.ctx, f.sys, f.org, course.AssignInput{CourseID: c,
				UnitID: f.units[[]string{"甲", "乙", "分配集团", "甲"}[i]].ID, Mandatory: true,
				DueAt: time.Now().Add(time.Duration(10+i) * 24 * time.Hour), Year: f.year})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 6 {
			for _, n := range names[:4] {
				_, err := f.org.UpdateUser(f.ctx, f.sys, f.users[n], org.UserPatch{UnitID: &f.units[[]string{"乙", "甲"}[i%2]].ID})
				if err != nil {
					t.Error(err)
				}
			}
		}
	}()
	wg.Wait()
	f.verify()
	for _, n := range names {
		must(t, f.course.SyncUser(f.ctx, f.users[n]))
	}
	f.verify()
	if got := f.total("分配集团"); got.People != 10 || got.Enrolled < 10 {
		t.Errorf("totals %s", showFigures(got))
	}
}
