package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// The scale seed's COPY loads into the course tables (scale.go plans them).

func (p *ScalePlan) loadCourses(ctx context.Context, tx pgx.Tx) error {
	ids, err := db.ReserveIDs(ctx, tx, "courses", p.o.Courses)
	if err != nil {
		return err
	}
	p.IDs, p.Titles, p.hours = ids, make([]string, len(ids)), make([]float64, len(ids))
	root, admin := p.tree.Units[0].Path, p.tree.UserIDs[0]
	rows := make([][]any, len(ids))
	for i, id := range ids {
		title, category, hours := p.course(i)
		p.Titles[i], p.hours[i] = title, hours
		open := i >= len(ids)-20
		rows[i] = []any{id, title, category, hours, "published", open, root, admin, p.start, p.start}
	}
	return db.CopyWithIDs(ctx, tx, "courses", []string{"id", "title", "category", "hours", "state", "open", "unit_path",
		"created_by", "created_at", "published_at"}, rows)
}

func (p *ScalePlan) loadAssignments(ctx context.Context, tx pgx.Tx) error {
	p.planAssignments()
	var list []*scaleAssign
	var paths []string
	add := func(a []scaleAssign, unit int) {
		for k := range a {
			list, paths = append(list, &a[k]), append(paths, p.tree.Units[unit].Path)
		}
	}
	add(p.rootAsg, 0)
	for c, u := range p.tree.Companies {
		add(p.compAsg[c], u)
	}
	for b, u := range p.tree.Branches {
		add(p.branchAsg[b], u)
	}
	ids, err := db.ReserveIDs(ctx, tx, "assignments", len(list))
	if err != nil {
		return err
	}
	rows := make([][]any, len(list))
	for i, a := range list {
		a.id = ids[i]
		rows[i] = []any{a.id, p.IDs[a.course], paths[i], true, a.due, p.o.Year, p.tree.UserIDs[0], p.start}
	}
	return db.CopyWithIDs(ctx, tx, "assignments", []string{"id", "course_id", "unit_path", "mandatory", "due_at", "year",
		"created_by", "created_at"}, rows)
}

func (p *ScalePlan) loadEnrollments(ctx context.Context, tx pgx.Tx) error {
	cols := []string{"user_id", "course_id", "assignment_id", "mandatory", "due_at", "year", "state", "overdue",
		"enrolled_at", "started_at", "completed_at"}
	return db.CopyChunks(ctx, tx, "enrollments", cols, p.eachEnrollment(func(u int, e *scaleEnr) []any {
		var asg, due, started, completed any
		if e.assign != nil {
			asg, due = e.assign.id, e.assign.due
		}
		if e.state != "not_started" {
			started = e.started
		}
		if e.state == "completed" {
			completed = e.completed
		}
		overdue := e.state != "completed" && e.assign != nil && e.assign.due.Before(p.now)
		return []any{p.tree.UserIDs[u], p.IDs[e.course], asg, e.assign != nil, due, p.o.Year, e.state, overdue,
			e.enrolled, started, completed}
	}))
}

func (p *ScalePlan) loadCredits(ctx context.Context, tx pgx.Tx) error {
	cols := []string{"user_id", "course_id", "year", "hours", "credited_on", "credited_at"}
	return db.CopyChunks(ctx, tx, "credit_ledger", cols, p.eachEnrollment(func(u int, e *scaleEnr) []any {
		if e.state != "completed" {
			return nil
		}
		return []any{p.tree.UserIDs[u], p.IDs[e.course], p.o.Year, p.hours[e.course],
			e.completed.In(chinaTZ), e.completed}
	}))
}

func (p *ScalePlan) loadRequirements(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO requirements (unit_path, rank, hours, cycle_years, start_year) VALUES
		($1::ltree, '', 50, 1, 2020), ($1, '正处级', 60, 1, 2020), ($1, '副处级', 60, 1, 2020),
		($2::ltree, '', 120, 3, $3)`, p.tree.Units[0].Path, p.tree.Units[p.tree.Companies[0]].Path, p.o.Year-1)
	return err
}
