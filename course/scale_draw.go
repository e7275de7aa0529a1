package course

import (
	"math/rand/v2"
	"time"
)

// enrollmentsOf draws person i's enrollments: what the group, their
// company and their 党总支 assigned, and up to 8 open courses.
func (p *ScalePlan) enrollmentsOf(i int, out []scaleEnr) []scaleEnr {
	rng := rand.New(rand.NewPCG(p.o.Seed, 1_000_000+uint64(i)))
	u := p.tree.Units[p.tree.UserUnit[i]]
	var asg []*scaleAssign
	for k := range p.rootAsg {
		asg = append(asg, &p.rootAsg[k])
	}
	if u.Level >= 1 {
		for k := range p.compAsg[u.Company] {
			asg = append(asg, &p.compAsg[u.Company][k])
		}
	}
	if u.Level >= 2 {
		for k := range p.branchAsg[u.Branch] {
			asg = append(asg, &p.branchAsg[u.Branch][k])
		}
	}
	out = out[:0]
	for _, a := range asg {
		out = append(out, p.draw(rng, a.course, a))
	}
	for _, c := range pick(rng, p.open, rng.IntN(9), nil) {
		out = append(out, p.draw(rng, c, nil))
	}
	return out
}

// draw decides how far a person got: most finish what is already due.
func (p *ScalePlan) draw(rng *rand.Rand, c int, a *scaleAssign) scaleEnr {
	done, going := 0.5, 0.3
	if a != nil && a.due.Before(p.now) {
		done, going = 0.82, 0.08
	} else if a != nil {
		done, going = 0.45, 0.25
	}
	span := p.end.Sub(p.start)
	e := scaleEnr{course: c, assign: a, state: "not_started"}
	e.enrolled = p.start.Add(time.Duration(rng.Float64() * 0.2 * float64(span)))
	e.started = e.enrolled.Add(time.Duration(rng.Float64() * 0.5 * float64(p.end.Sub(e.enrolled))))
	e.completed = e.started.Add(time.Duration(rng.Float64() * float64(p.end.Sub(e.started))))
	switch r := rng.Float64(); {
	case r < done:
		e.state = "completed"
	case r < done+going:
		e.state = "in_progress"
	}
	return e
}

// eachEnrollment walks every generated enrollment, person by person; emit
// returns a row for it, or nil to skip it.
func (p *ScalePlan) eachEnrollment(emit func(user int, e *scaleEnr) []any) func() []any {
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
			if user == len(p.tree.UserIDs) {
				return nil
			}
			buf, k = p.enrollmentsOf(user, buf), 0
			user++
		}
	}
}

// ScaleCompletion is one completed generated enrollment.
type ScaleCompletion struct {
	UserID    int64
	Course    int // index into the plan's IDs
	Completed time.Time
}

// EachCompletion walks the completed enrollments in the order they were
// loaded; next reports false at the end.
func (p *ScalePlan) EachCompletion() (next func() (ScaleCompletion, bool)) {
	var c ScaleCompletion
	walk := p.eachEnrollment(func(u int, e *scaleEnr) []any {
		if e.state != "completed" {
			return nil
		}
		c = ScaleCompletion{UserID: p.tree.UserIDs[u], Course: e.course, Completed: e.completed}
		return []any{}
	})
	return func() (ScaleCompletion, bool) {
		if walk() == nil {
			return ScaleCompletion{}, false
		}
		return c, true
	}
}
