package report

import (
	"cmp"
	"context"
	"slices"

	"lms/org"
)

// Options are what a report can be narrowed to in a year: the courses
// studied and their categories.
type Options struct {
	Courses    []CourseInfo `json:"courses"`
	Categories []string     `json:"categories"`
}

// Options lists the courses and categories of a study year, for the
// filters of the report pages.
func (s *Service) Options(ctx context.Context, a *org.Actor, year int) (*Options, error) {
	if err := s.mayReport(a); err != nil {
		return nil, err
	}
	ids, err := yearCourseIDs(ctx, s.db, year)
	if err != nil {
		return nil, err
	}
	infos, err := courseInfos(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	o := &Options{Courses: make([]CourseInfo, 0, len(infos))}
	for _, c := range infos {
		o.Courses = append(o.Courses, c)
		if c.Category != "" && !slices.Contains(o.Categories, c.Category) {
			o.Categories = append(o.Categories, c.Category)
		}
	}
	slices.SortFunc(o.Courses, func(a, b CourseInfo) int {
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.CourseID, b.CourseID))
	})
	slices.Sort(o.Categories)
	return o, nil
}
