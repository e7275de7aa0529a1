package report

import (
	"context"
	"errors"
	"sync"

	"lms/internal/db"
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
	enroll, cycle, credit []group
	heads, people         []rankGroup // by child, mask and rank
	rules                 *ruleSet
	trend                 []MonthCount
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
		s.task(ctx, func(tx db.DBTX) (err error) {
			sums.enroll, err = enrollGroups(ctx, tx, sc, q.Year, courses, now, charts)
			return
		}),
		func() error { return s.personSums(ctx, sc, q.Year, &sums) },
		s.task(ctx, func(tx db.DBTX) (err error) { children, err = childUnits(ctx, tx, sc.Unit.ID); return }),
	}
	if courses != nil {
		tasks = append(tasks, s.task(ctx, func(tx db.DBTX) (err error) {
			sums.credit, err = creditGroups(ctx, tx, sc, q.Year, courses)
			return
		}))
	}
	if charts {
		tasks = append(tasks, s.task(ctx, func(tx db.DBTX) (err error) {
			sums.trend, err = monthCounts(ctx, tx, sc, q.Year, courses)
			return
		}))
	}
	if err := parallel(tasks...); err != nil {
		return nil, nil, err
	}
	rows, total, buckets := unitRows(sc, children, sums, courses != nil)
	r.Rows, r.Total = rows, total
	if !charts {
		return r, nil, nil
	}
	c, err := s.charts(ctx, sums, buckets)
	return r, c, err
}

// personSums counts the scope's people and those a rule asks hours of,
// and sums their year; one-year and several-year cycles at once.
func (s *Service) personSums(ctx context.Context, sc *Scope, year int, sums *unitSums) error {
	var rules []Rule
	err := s.read(ctx, func(q db.DBTX) (err error) { rules, err = rulesFor(ctx, q, sc.Unit.Path); return })
	if err != nil {
		return err
	}
	rs := newRuleSet(rules, year)
	sums.rules = rs
	tasks := []func() error{
		s.task(ctx, func(q db.DBTX) (err error) { sums.heads, err = headGroups(ctx, q, sc, rs); return }),
		s.task(ctx, func(q db.DBTX) (err error) { sums.people, err = personGroups(ctx, q, sc, year, rs); return }),
	}
	if rs.multi {
		tasks = append(tasks, s.task(ctx, func(q db.DBTX) (err error) {
			sums.cycle, err = cycleGroups(ctx, q, sc, rs)
			return
		}))
	}
	return parallel(tasks...)
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
	ids, err := yearCourseIDs(ctx, s.db, q.Year)
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

// tally is a group's counts while they are put together, with the people
// in buckets 2 to 4 of the hours distribution.
type tally struct {
	Counts
	b [BucketMet + 1]int64
}

// unitRows merges the sums into one row per child (all children, with or
// without figures), a row for the scope's own members when it has any,
// the total, and the hours distribution of the whole scope.
func unitRows(sc *Scope, children []child, sums unitSums, narrowed bool) ([]UnitRow, Figures, []int64) {
	byKey := map[int64]*tally{}
	at := func(k int64) *tally {
		if byKey[k] == nil {
			byKey[k] = &tally{}
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
	addPeople(at, sums, !narrowed)
	for _, g := range sums.credit {
		c := at(g.Key)
		c.Hours, c.QuizTaken, c.QuizScore, c.QuizPassed = g.Hours, g.QuizTaken, g.QuizScore, g.QuizPassed
	}
	for _, g := range sums.cycle {
		c := at(g.Key)
		c.b[BucketUnderHalf] += g.B2
		c.b[BucketOverHalf] += g.B3
		c.b[BucketMet] += g.B4
	}
	var total Counts
	buckets := make([]int64, BucketMet+1)
	for _, c := range byKey {
		c.BelowRequirement = c.WithRequirement - c.b[BucketMet]
		total.add(c.Counts)
		for i := BucketUnderHalf; i <= BucketMet; i++ {
			buckets[i] += c.b[i]
		}
	}
	buckets[BucketNoRequirement] = total.People - total.WithRequirement
	buckets[BucketNone] = total.WithRequirement - buckets[BucketUnderHalf] - buckets[BucketOverHalf] - buckets[BucketMet]
	rows := make([]UnitRow, 0, len(children)+1)
	if own, ok := byKey[sc.Unit.ID]; ok && own.Counts != (Counts{}) {
		rows = append(rows, UnitRow{Unit: sc.Unit, Own: true, Figures: own.figures()})
	}
	for _, ch := range children {
		c := Counts{}
		if t := byKey[ch.ID]; t != nil {
			c = t.Counts
		}
		rows = append(rows, UnitRow{Unit: ch.Unit, HasChildren: ch.HasChildren, Figures: c.figures()})
	}
	return rows, total.figures(), buckets
}

// addPeople adds the head counts and the year's hours and quiz results
// (unless a course filter supplies those) to each child, with each group's
// rule deciding who owes hours and how far they are: at least the rule's
// hours (met), at least half of them, or any.
func addPeople(at func(int64) *tally, sums unitSums, hours bool) {
	rs := sums.rules
	for _, h := range sums.heads {
		c := at(h.Grp)
		c.People += h.People
		if rs.ruleOf(h.Mask, h.Path, h.Rank) >= 0 {
			c.WithRequirement += h.People
		}
	}
	for _, g := range sums.people {
		c := at(g.Grp)
		if hours {
			c.Hours, c.OfflineHours = c.Hours+g.Hours, c.OfflineHours+g.Offline
			c.QuizTaken, c.QuizScore, c.QuizPassed = c.QuizTaken+g.QuizTaken, c.QuizScore+g.QuizScore, c.QuizPassed+g.QuizPassed
		}
		i := rs.ruleOf(g.Mask, g.Path, g.Rank)
		if i < 0 || rs.to[i] > rs.from[i] {
			continue // no rule, or a cycle of several years: cycleGroups counts those
		}
		met, half := g.AtLeast[rs.full[i]], g.AtLeast[rs.half[i]]
		c.b[BucketMet] += met
		c.b[BucketOverHalf] += half - met
		c.b[BucketUnderHalf] += g.Positive - half
	}
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
