package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/org"
)

func (p *scalePlan) loadUnits(ctx context.Context, tx pgx.Tx) error {
	ids, err := reserveIDs(ctx, tx, "units", p.o.units)
	if err != nil {
		return err
	}
	p.shape(ids)
	rows := make([][]any, len(p.units))
	for i, u := range p.units {
		var parent any
		if u.level > 0 {
			parent = u.parent
		}
		rows[i] = []any{u.id, parent, u.name, u.kind, u.path}
	}
	return copyWithIDs(ctx, tx, "units", []string{"id", "parent_id", "name", "kind", "path"}, rows)
}

var (
	scaleSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	scaleGiven    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌辉鹏宇浩凯婷雪琳晨阳晓东海波宁欣怡佳俊毅")
)

func (p *scalePlan) loadUsers(ctx context.Context, tx pgx.Tx) error {
	p.placeUsers()
	ids, err := reserveIDs(ctx, tx, "users", len(p.userUnit))
	if err != nil {
		return err
	}
	p.userIDs = ids
	hash := org.HashPassword(org.DemoPassword)
	rng := newRand(p.o.seed, 2)
	rows := make([][]any, len(ids))
	for i, id := range ids {
		username, name := fmt.Sprintf("s%07d", i-1), randomName(rng)
		if i < 2 {
			username, name = []string{"scale_admin", "scale_committee"}[i], []string{"规模管理员", "规模组织委员"}[i]
		}
		rows[i] = []any{id, username, name, p.units[p.userUnit[i]].id, p.ranks[rng.IntN(len(p.ranks))],
			fmt.Sprintf("139%08d", i), hash}
	}
	err = copyWithIDs(ctx, tx, "users", []string{"id", "username", "display_name", "unit_id", "rank", "phone", "password_hash"}, rows)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO user_roles (user_id, role, unit_id)
		SELECT id, 'learner', NULL FROM seed_users
		UNION ALL VALUES ($1::bigint, 'admin', $2::bigint), ($3, 'committee', $4)`,
		ids[0], p.units[0].id, ids[1], p.units[p.companies[0]].id)
	return err
}

func randomName(rng interface{ IntN(int) int }) string {
	name := []rune{scaleSurnames[rng.IntN(len(scaleSurnames))], scaleGiven[rng.IntN(len(scaleGiven))]}
	if rng.IntN(3) > 0 {
		name = append(name, scaleGiven[rng.IntN(len(scaleGiven))])
	}
	return string(name)
}

func (p *scalePlan) loadCourses(ctx context.Context, tx pgx.Tx) error {
	ids, err := reserveIDs(ctx, tx, "courses", p.o.courses)
	if err != nil {
		return err
	}
	p.courseIDs, p.hours = ids, make([]float64, len(ids))
	rows := make([][]any, len(ids))
	for i, id := range ids {
		title, category, hours := p.course(i)
		p.hours[i] = hours
		open := i >= len(ids)-20
		rows[i] = []any{id, title, category, hours, "published", open, p.units[0].path, p.userIDs[0], p.start, p.start}
	}
	return copyWithIDs(ctx, tx, "courses", []string{"id", "title", "category", "hours", "state", "open", "unit_path",
		"created_by", "created_at", "published_at"}, rows)
}

func (p *scalePlan) loadAssignments(ctx context.Context, tx pgx.Tx) error {
	p.planAssignments()
	var list []*scaleAssign
	var paths []string
	add := func(a []scaleAssign, unit int) {
		for k := range a {
			list, paths = append(list, &a[k]), append(paths, p.units[unit].path)
		}
	}
	add(p.rootAsg, 0)
	for c, u := range p.companies {
		add(p.compAsg[c], u)
	}
	for b, u := range p.branches {
		add(p.branchAsg[b], u)
	}
	ids, err := reserveIDs(ctx, tx, "assignments", len(list))
	if err != nil {
		return err
	}
	rows := make([][]any, len(list))
	for i, a := range list {
		a.id = ids[i]
		rows[i] = []any{a.id, p.courseIDs[a.course], paths[i], true, a.due, p.o.year, p.userIDs[0], p.start}
	}
	return copyWithIDs(ctx, tx, "assignments", []string{"id", "course_id", "unit_path", "mandatory", "due_at", "year",
		"created_by", "created_at"}, rows)
}

// eachEnrollment walks every generated enrollment, person by person; emit
// returns a row for it, or nil to skip it.
func (p *scalePlan) eachEnrollment(emit func(user int, e *scaleEnr) []any) func() []any {
	user, k := 0, 0
	var buf []scaleEnr
	return func() []any {
		for {
			for k < len(buf) {
				e := &buf[k]
				k++
				if row := emit(user-1, e); row != nil {
					return row
				}
			}
			if user == len(p.userIDs) {
				return nil
			}
			buf, k = p.enrollmentsOf(user, buf), 0
			user++
		}
	}
}

func (p *scalePlan) loadEnrollments(ctx context.Context, tx pgx.Tx) error {
	cols := []string{"user_id", "course_id", "assignment_id", "mandatory", "due_at", "year", "state", "overdue",
		"enrolled_at", "started_at", "completed_at"}
	return copyChunks(ctx, tx, "enrollments", cols, p.eachEnrollment(func(u int, e *scaleEnr) []any {
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
		return []any{p.userIDs[u], p.courseIDs[e.course], asg, e.assign != nil, due, p.o.year, e.state, overdue,
			e.enrolled, started, completed}
	}))
}

func (p *scalePlan) loadCredits(ctx context.Context, tx pgx.Tx) error {
	cols := []string{"user_id", "course_id", "year", "hours", "credited_on", "credited_at"}
	return copyChunks(ctx, tx, "credit_ledger", cols, p.eachEnrollment(func(u int, e *scaleEnr) []any {
		if e.state != "completed" {
			return nil
		}
		return []any{p.userIDs[u], p.courseIDs[e.course], p.o.year, p.hours[e.course],
			e.completed.In(chinaTZ), e.completed}
	}))
}

func (p *scalePlan) loadQuizzes(ctx context.Context, tx pgx.Tx) error {
	ids, err := reserveIDs(ctx, tx, "quizzes", len(p.courseIDs))
	if err != nil {
		return err
	}
	p.quizIDs = ids
	rows := make([][]any, len(ids))
	for i, id := range ids {
		title, _, _ := p.course(i)
		rows[i] = []any{id, title + "结业测验", p.courseIDs[i], "fixed", false, 60, p.userIDs[0]}
	}
	return copyWithIDs(ctx, tx, "quizzes", []string{"id", "title", "course_id", "mode", "required", "pass_mark", "created_by"}, rows)
}

// loadAttempts: about half of those who completed a course took its quiz,
// a fifth of them twice; scores spread from 40 to 100.
func (p *scalePlan) loadAttempts(ctx context.Context, tx pgx.Tx) error {
	cols := []string{"quiz_id", "user_id", "number", "paper", "question_ids", "started_at", "submitted_at", "status",
		"score", "max_score", "percent", "passed"}
	rng := newRand(p.o.seed, 3)
	var retake []any
	next := p.eachEnrollment(func(u int, e *scaleEnr) []any {
		if e.state != "completed" || rng.Float64() >= 0.55 {
			return nil
		}
		attempt := func(n int, score float64) []any {
			at := e.completed.Add(-10 * time.Minute * time.Duration(3-n))
			return []any{p.quizIDs[e.course], p.userIDs[u], n, emptyPaper, []int64{}, at.Add(-20 * time.Minute), at,
				"graded", score, 100, score, score >= 60}
		}
		first := float64(40 + rng.IntN(61))
		if rng.Float64() < 0.2 {
			retake = attempt(2, min(100, first+float64(rng.IntN(30))))
		}
		return attempt(1, first)
	})
	return copyChunks(ctx, tx, "quiz_attempts", cols, func() []any {
		if row := retake; row != nil {
			retake = nil
			return row
		}
		return next()
	})
}

func (p *scalePlan) loadRequirements(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO requirements (unit_path, rank, hours, cycle_years, start_year) VALUES
		($1::ltree, '', 50, 1, 2020), ($1, '正处级', 60, 1, 2020), ($1, '副处级', 60, 1, 2020),
		($2::ltree, '', 120, 3, $3)`, p.units[0].path, p.units[p.companies[0]].path, p.o.year-1)
	return err
}
