package report

import (
	"cmp"
	"context"
	"slices"

	"lms/internal/db"
	"lms/org"
)

// CourseRow is one course's figures over the scope.
type CourseRow struct {
	CourseInfo
	Enrolled       int64    `json:"enrolled"`
	NotStarted     int64    `json:"not_started"`
	InProgress     int64    `json:"in_progress"`
	Completed      int64    `json:"completed"`
	Overdue        int64    `json:"overdue"`
	CompletionRate *float64 `json:"completion_rate"`
	// Days from enrollment to completion, on average over completions.
	AvgDaysToComplete *float64 `json:"avg_days_to_complete"`
	CreditedHours     float64  `json:"credited_hours"`
	QuizTaken         int64    `json:"quiz_taken"`
	QuizAverage       *float64 `json:"quiz_average"`
	QuizPassRate      *float64 `json:"quiz_pass_rate"`
}

// CoursesReport is the scope's figures per course.
type CoursesReport struct {
	Scope
	Year     int         `json:"year"`
	Category string      `json:"category,omitempty"`
	Rows     []CourseRow `json:"rows"`
}

// Courses reports every course studied in the scope in the year, most
// enrolled first.
func (s *Service) Courses(ctx context.Context, a *org.Actor, q Query) (*CoursesReport, error) {
	sc, err := s.scope(ctx, a, q.UnitID)
	if err != nil {
		return nil, err
	}
	courses, err := s.courseFilter(ctx, sc, q, nil)
	if err != nil {
		return nil, err
	}
	var sums, credits []courseSums
	now := s.now()
	err = parallel(
		s.task(ctx, func(tx db.DBTX) (err error) { sums, err = courseGroups(ctx, tx, sc, q.Year, courses, now); return }),
		s.task(ctx, func(tx db.DBTX) (err error) { credits, err = courseCredits(ctx, tx, sc, q.Year, courses); return }),
	)
	if err != nil {
		return nil, err
	}
	rows, err := s.courseRows(ctx, sums, credits)
	return &CoursesReport{Scope: *sc, Year: q.Year, Category: q.Category, Rows: rows}, err
}

func (s *Service) courseRows(ctx context.Context, sums, credits []courseSums) ([]CourseRow, error) {
	byID := map[int64]*CourseRow{}
	var ids []int64
	at := func(id int64) *CourseRow {
		if byID[id] == nil {
			byID[id] = &CourseRow{CourseInfo: CourseInfo{CourseID: id}}
			ids = append(ids, id)
		}
		return byID[id]
	}
	for _, g := range sums {
		if g.Enrolled == 0 {
			continue
		}
		r := at(g.Key)
		r.Enrolled, r.NotStarted, r.InProgress, r.Completed, r.Overdue = g.Enrolled, g.NotStarted, g.InProgress, g.Completed, g.Overdue
		r.CompletionRate = ratio(float64(g.Completed), g.Enrolled, 4)
		r.AvgDaysToComplete = ratio(g.DoneSeconds/86400, g.Completed, 1)
	}
	for _, g := range credits {
		if g.Hours == 0 && g.QuizTaken == 0 {
			continue
		}
		r := at(g.Key)
		r.CreditedHours, r.QuizTaken = round(g.Hours, 2), g.QuizTaken
		r.QuizAverage = ratio(g.QuizScore, g.QuizTaken, 2)
		r.QuizPassRate = ratio(float64(g.QuizPassed), g.QuizTaken, 4)
	}
	infos, err := courseInfos(ctx, s.db, ids)
	rows := make([]CourseRow, 0, len(ids))
	for _, id := range ids {
		r := byID[id]
		if info, ok := infos[id]; ok {
			r.CourseInfo = info
		}
		rows = append(rows, *r)
	}
	slices.SortFunc(rows, func(a, b CourseRow) int {
		return cmp.Or(cmp.Compare(b.Enrolled, a.Enrolled), cmp.Compare(a.CourseID, b.CourseID))
	})
	return rows, err
}
