package training

import (
	"context"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// ClassFigures is one class as a committee's report lists it: how many
// are on its roster, how many were 结业, and the members' mean attendance.
type ClassFigures struct {
	ID       int64     `json:"id" db:"id"`
	Name     string    `json:"name" db:"name"`
	StartsOn time.Time `json:"starts_on" db:"starts_on"`
	EndsOn   time.Time `json:"ends_on" db:"ends_on"`
	State    string    `json:"state" db:"state"`
	Enrolled int       `json:"enrolled" db:"enrolled"`
	// Completed counts 结业 results (after a close, or a correction).
	Completed int `json:"completed" db:"completed"`
	// Attendance is the percent of the sessions' places the members took
	// (check-ins over members × sessions); nil without sessions or members.
	Attendance *float64 `json:"attendance" db:"attendance"`
}

// ClassesUnder lists the classes run for units of the subtree at path
// whose dates touch year, newest first (at most classListMax), for the
// committees and admins over that subtree. The report dashboard shows
// them: it gets the figures here, never from training's tables.
func (s *Service) ClassesUnder(ctx context.Context, a *org.Actor, path string, year int) ([]ClassFigures, error) {
	if a == nil || !s.managesUnit(a, path) {
		return nil, apperr.Forbiddenf("该组织不在您的管辖范围内")
	}
	return classesUnder(ctx, s.db, path, year)
}
