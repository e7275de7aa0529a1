package report

import (
	"context"
	"errors"
	"sync"

	"lms/org"
)

// UnitRow is one line of the units report: a child unit of the scope and
// everything under it, or (Own) the people placed in the scope unit itself.
type UnitRow struct {
	Unit
	Own         bool `json:"own"`
	HasChildren bool `json:"has_children"`
	Figures
}

// UnitsReport is the scope's figures, per child unit and in total.
type UnitsReport struct {
	Scope
	Year     int         `json:"year"`
	Course   *CourseInfo `json:"course,omitempty"`
	Category string      `json:"category,omitempty"`
	Total    Figures     `json:"total"`
	Rows     []UnitRow   `json:"rows"`
}

// Units reports the scope's figures per child unit. With a course or a
// category, enrollments, hours and quiz results are those of the course(s);
// people and the requirement (which is about all of a person's hours) are
// not narrowed.
func (s *Service) Units(ctx context.Context, a *org.Actor, q Query) (*UnitsReport, error) {
	r, _, err := s.units(ctx, a, q, false)
	return r, err
}

// Dashboard is the units report with the figures of the charts.
func (s *Service) Dashboard(ctx context.Context, a *org.Actor, q Query) (*UnitsReport, *Charts, error) {
	return s.units(ctx, a, q, true)
}

type unitSums struct {
	enroll, people, credit []group
	trend                  []MonthCount
}

func (s *Service) units(ctx context.Context, a *org.Actor, q Query, charts bool) (*UnitsReport, *Charts, error) {
	sc, err := s.scope(ctx, a, q.UnitID)
	if err != nil {
		return nil, nil, err
	}
	r := &UnitsReport{Scope: *sc, Year: q.Year, Category: q.Category}
	courses, err := s.courseFilter(ctx, sc, q, r)
	if err != nil {
		return nil, nil, err
	}
	var sums unitSums
	var children []child
	now := s.now()
	tasks := []func() error{
		func() (err error) {
			sums.enroll, err = enrollGroups(ctx, s.db, sc, q.Year, courses, now, charts)
			return
		},
		func() (err error) { sums.people, err = peopleGroups(ctx, s.db, sc, q.Year, charts); return },
		func() (err error) { children, err = childUnits(ctx, s.db, sc.Unit.ID); return },
	}
	if courses != nil {
		tasks = append(tasks, func() (err error) { sums.credit, err = creditGroups(ctx, s.db, sc, q.Year, courses); return })
	}
	if charts {
		tasks = append(tasks, func() (err error) { sums.trend, err = monthCounts(ctx, s.db, sc, q.Year, courses); return })
	}
	if err := parallel(tasks...); err != nil {
		return nil, nil, err
	}
	r.Rows, r.Total = unitRows(sc, children, sums, courses != nil)
	if !charts {
		return r, nil, nil
	}
	c, err := s.charts(ctx, sums)
	return r, c, err
}

// courseFilter turns the query's course or category into the list of
// course ids to count (nil: all courses), and names the course.
func (s *Service) courseFilter(ctx context.Context, sc *Scope, q Query, r *UnitsReport) ([]int64, error) {
	if !q.filtered() {
		return nil, nil
	}
	if q.CourseID != 0 {
		infos, err := courseInfos(ctx, s.db, []int64{q.CourseID})
		if c, ok := infos[q.CourseID]; ok && r != nil {
			r.Course = &c
		}
		return []int64{q.CourseID}, err
	}
	ids, err := scopeCourseIDs(ctx, s.db, sc, q.Year)
	if err != nil {
		return nil, err
	}
	infos, err := courseInfos(ctx, s.db, ids)
	out := []int64{} // not nil: a category without courses matches nothing
	for _, id := range ids {
		if infos[id].Category == q.Category {
			out = append(out, id)
		}
	}
	return out, err
}

// unitRows merges the sums into one row per child (all children, with or
// without figures), a row for the scope's own members when it has any,
// and the total.
func unitRows(sc *Scope, children []child, sums unitSums, narrowed bool) ([]UnitRow, Figures) {
	byKey := map[int64]*Counts{}
	at := func(k int64) *Counts {
		if byKey[k] == nil {
			byKey[k] = &Counts{}
		}
		return byKey[k]
	}
	for _, g := range sums.enroll {
		if !g.ByUnit {
			c := at(g.Key)
			c.Enrolled, c.NotStarted, c.InProgress, c.Completed, c.Overdue =
				g.Enrolled, g.NotStarted, g.InProgress, g.Completed, g.Overdue
		}
	}
	for _, g := range sums.people {
		if !g.Bucket {
			c := at(g.Key)
			c.People, c.WithRequirement, c.BelowRequirement = g.People, g.WithRequirement, g.BelowRequirement
			if !narrowed {
				c.Hours, c.QuizTaken, c.QuizScore, c.QuizPassed = g.Hours, g.QuizTaken, g.QuizScore, g.QuizPassed
			}
		}
	}
	for _, g := range sums.credit {
		c := at(g.Key)
		c.Hours, c.QuizTaken, c.QuizScore, c.QuizPassed = g.Hours, g.QuizTaken, g.QuizScore, g.QuizPassed
	}
	var total Counts
	for _, c := range byKey {
		total.add(*c)
	}
	rows := make([]UnitRow, 0, len(children)+1)
	if own, ok := byKey[sc.Unit.ID]; ok && *own != (Counts{}) {
		rows = append(rows, UnitRow{Unit: sc.Unit, Own: true, HasChildren: false, Figures: own.figures()})
	}
	for _, ch := range children {
		c := byKey[ch.ID]
		if c == nil {
			c = &Counts{}
		}
		rows = append(rows, UnitRow{Unit: ch.Unit, HasChildren: ch.HasChildren, Figures: c.figures()})
	}
	return rows, total.figures()
}

// parallel runs the queries of one report at once, each on its own
// connection of the pool: the report takes as long as its slowest query.
func parallel(tasks ...func() error) error {
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = task()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
