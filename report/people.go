package report

import (
	"context"

	"lms/internal/db"
	"lms/org"
)

// PersonRow is one person's figures for the year.
type PersonRow struct {
	UserID         int64    `json:"user_id"`
	Username       string   `json:"username"`
	Name           string   `json:"name"`
	UnitID         int64    `json:"unit_id"`
	UnitName       string   `json:"unit_name"`
	Rank           string   `json:"rank"`
	Enrolled       int64    `json:"enrolled"`
	NotStarted     int64    `json:"not_started"`
	InProgress     int64    `json:"in_progress"`
	Completed      int64    `json:"completed"`
	Overdue        int64    `json:"overdue"`
	CompletionRate *float64 `json:"completion_rate"`
	Hours          float64  `json:"hours"`         // online, credited in the year
	OfflineHours   float64  `json:"offline_hours"` // classes and claims of the year
	TotalHours     float64  `json:"total_hours"`
	// The requirement's cycle, the hours (online and offline) credited in
	// it and the hours it asks for (nil: no requirement applies).
	CycleFrom    int      `json:"cycle_from"`
	CycleTo      int      `json:"cycle_to"`
	CycleHours   float64  `json:"cycle_hours"`
	Required     *float64 `json:"required_hours"`
	Below        bool     `json:"below_requirement"`
	QuizTaken    int64    `json:"quiz_taken"`
	QuizAverage  *float64 `json:"quiz_average"`
	QuizPassRate *float64 `json:"quiz_pass_rate"`
}

func (p *personScan) row() PersonRow {
	return PersonRow{UserID: p.UserID, Username: p.Username, Name: p.Name, UnitID: p.UnitID, UnitName: p.UnitName,
		Rank: p.Rank, Enrolled: p.Enrolled, NotStarted: p.NotStarted, InProgress: p.InProgress,
		Completed: p.Completed, Overdue: p.Overdue, CompletionRate: ratio(float64(p.Completed), p.Enrolled, 4),
		Hours: round(p.Hours, 2), OfflineHours: round(p.Offline, 2), TotalHours: round(p.Hours+p.Offline, 2), CycleFrom: p.CycleFrom, CycleTo: p.CycleTo, CycleHours: round(p.CycleHours, 2),
		Required: p.Required, Below: p.Required != nil && p.CycleHours < *p.Required,
		QuizTaken: p.QuizTaken, QuizAverage: ratio(p.QuizScore, p.QuizTaken, 2),
		QuizPassRate: ratio(float64(p.QuizPassed), p.QuizTaken, 4)}
}

// PeoplePage is one page of the people of a scope.
type PeoplePage struct {
	Scope
	Year    int         `json:"year"`
	Status  string      `json:"status"`
	Total   int64       `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
	Rows    []PersonRow `json:"rows"`
}

// People lists a page of the scope's active people with their figures,
// filtered by status and name, sorted as asked.
func (s *Service) People(ctx context.Context, a *org.Actor, q Query) (*PeoplePage, error) {
	sc, err := s.scope(ctx, a, q.UnitID)
	if err != nil {
		return nil, err
	}
	out := &PeoplePage{Scope: *sc, Year: q.Year, Status: q.Status, Page: q.Page, PerPage: q.PerPage}
	err = s.read(ctx, func(tx db.DBTX) error { return peopleRows(ctx, tx, sc, q, out) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

func peopleRows(ctx context.Context, tx db.DBTX, sc *Scope, q Query, out *PeoplePage) error {
	rs, err := scopeRules(ctx, tx, sc, q.Year)
	if err != nil {
		return err
	}
	list, err := peoplePage(ctx, tx, sc, q, rs)
	if err != nil {
		return err
	}
	if len(list) == 0 && q.Page > 1 {
		// Past the last page: no rows, but the total still counts.
		first := q
		first.Page, first.PerPage = 1, 1
		one, err := peoplePage(ctx, tx, sc, first, rs)
		if err != nil || len(one) == 0 {
			return err
		}
		out.Total = one[0].Total
	}
	ids := make([]int64, len(list))
	for i, p := range list {
		ids[i] = p.UserID
	}
	overdue, err := overdueCounts(ctx, tx, q.Year, ids)
	out.Rows = make([]PersonRow, len(list))
	for i := range list {
		list[i].Overdue = overdue[list[i].UserID]
		out.Rows[i] = list[i].row()
		out.Total = list[i].Total
	}
	return err
}

// scopeRules is the rules that can apply in the scope in year. A large
// scope is listed with hash joins only: the planner would otherwise pick a
// nested loop over 200,000 people.
func scopeRules(ctx context.Context, q db.DBTX, sc *Scope, year int) (*ruleSet, error) {
	rules, err := rulesFor(ctx, q, sc.Unit.Path)
	if err != nil {
		return nil, err
	}
	people, err := headCount(ctx, q, sc.Unit.Path)
	if err == nil && people > 2000 {
		err = noNestedLoops(ctx, q)
	}
	return newRuleSet(rules, year), err
}
