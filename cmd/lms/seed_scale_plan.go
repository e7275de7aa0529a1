package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"lms/course"
)

type scaleUnit struct {
	id, parent       int64
	name, kind, path string
	level            int // 0 the group, 1 a company, 2 a 党总支, 3 a 党支部
	company, branch  int // indexes of the company and 党总支 above (or of itself)
}

type scaleAssign struct {
	id     int64
	course int
	due    time.Time
}

// scalePlan is the generated group: everything but the enrollments, which
// are drawn per person from a generator seeded by the person's index, so
// each pass over them (enrollments, credits, quiz attempts) sees the same.
type scalePlan struct {
	o         scaleOpts
	units     []scaleUnit
	companies []int // indexes into units
	branches  []int
	leaves    []int
	userIDs   []int64
	userUnit  []int32
	courseIDs []int64
	hours     []float64
	quizIDs   []int64
	pool      []int // courses the companies and 党总支 assign
	open      []int // courses people choose themselves
	rootAsg   []scaleAssign
	compAsg   [][]scaleAssign
	branchAsg [][]scaleAssign
	start     time.Time // the year's study runs from start to end (not past now)
	end       time.Time
	now       time.Time
	ranks     []string
}

func newScalePlan(o scaleOpts) *scalePlan {
	p := &scalePlan{o: o, now: time.Now()}
	p.start = time.Date(o.year, 1, 5, 9, 0, 0, 0, chinaTZ)
	p.end = time.Date(o.year, 12, 31, 18, 0, 0, 0, chinaTZ)
	if p.end.After(p.now) {
		p.end = p.now
	}
	if p.end.Sub(p.start) < 24*time.Hour {
		p.end = p.start.Add(24 * time.Hour)
	}
	// Most cadres are 科员 and 科级; few are 处级.
	for r, n := range map[string]int{"科员": 50, "副科级": 25, "正科级": 15, "副处级": 7, "正处级": 3} {
		for range n {
			p.ranks = append(p.ranks, r)
		}
	}
	return p
}

// shape splits the units into companies, 党总支 and 党支部: 1 company in 500
// units, 1 党总支 in 50, the rest 党支部.
func (p *scalePlan) shape(ids []int64) {
	n := p.o.units
	nc, nb := max(1, n/500), max(1, n/50)
	nl := n - 1 - nc - nb
	add := func(u scaleUnit) int {
		u.id = ids[len(p.units)]
		u.path = fmt.Sprintf("u%d", u.id)
		if u.level > 0 { // u.parent holds the parent's index until here
			parent := p.units[u.parent]
			u.path = parent.path + "." + u.path
			u.parent = parent.id
		}
		p.units = append(p.units, u)
		return len(p.units) - 1
	}
	add(scaleUnit{name: scaleRootName, kind: "集团"})
	for c := range nc {
		p.companies = append(p.companies, add(scaleUnit{name: fmt.Sprintf("第%02d分公司党委", c+1), kind: "党委",
			level: 1, company: c}))
	}
	for b := range nb {
		c := b % nc
		p.branches = append(p.branches, add(scaleUnit{name: fmt.Sprintf("第%d党总支", b/nc+1), kind: "党总支",
			level: 2, parent: int64(p.companies[c]), company: c, branch: b}))
	}
	for l := range nl {
		b := l % nb
		p.leaves = append(p.leaves, add(scaleUnit{name: fmt.Sprintf("第%d党支部", l/nb+1), kind: "党支部",
			level: 3, parent: int64(p.branches[b]), company: b % nc, branch: b}))
	}
}

// placeUsers puts 2 % of the people in the companies' own offices, 3 % in
// the 党总支 and the rest in the 党支部; the first two are the benchmark's
// administrator (the group) and committee member (the first company).
func (p *scalePlan) placeUsers() {
	p.userUnit = make([]int32, p.o.users+2)
	p.userUnit[0], p.userUnit[1] = 0, int32(p.companies[0])
	for i := range p.o.users {
		var u int
		switch k := i % 100; {
		case k < 2:
			u = p.companies[(i/100)%len(p.companies)]
		case k < 5:
			u = p.branches[(i/100)%len(p.branches)]
		default:
			u = p.leaves[i%len(p.leaves)]
		}
		p.userUnit[i+2] = int32(u)
	}
}

var scaleTopics = []string{"学习贯彻习近平新时代中国特色社会主义思想", "党章党规党纪", "廉洁从业", "安全生产法规",
	"企业管理创新", "数字化转型", "保密知识", "意识形态工作", "基层党建实务", "国有企业改革", "党史学习", "群众工作方法"}

func (p *scalePlan) course(i int) (title, category string, hours float64) {
	hoursOf := []float64{1, 1.5, 2, 2.5, 3, 4}
	return fmt.Sprintf("%s（第%d讲）", scaleTopics[i%len(scaleTopics)], i/len(scaleTopics)+1),
		course.Categories[i%len(course.Categories)], hoursOf[(i*7)%len(hoursOf)]
}

// planAssignments: the group assigns 5 courses, each company 8 and each
// 党总支 3 more, none twice to the same person; the last 20 courses are open
// to choose.
func (p *scalePlan) planAssignments() {
	n := len(p.courseIDs)
	p.open = make([]int, 20)
	for i := range p.open {
		p.open[i] = n - 20 + i
	}
	for c := 5; c < n-20; c++ {
		p.pool = append(p.pool, c)
	}
	for k := range 5 {
		p.rootAsg = append(p.rootAsg, scaleAssign{course: k, due: p.quarterEnd(k%4 + 1)})
	}
	rng := newRand(p.o.seed, 1)
	p.compAsg = make([][]scaleAssign, len(p.companies))
	for c := range p.compAsg {
		for _, k := range pick(rng, p.pool, 8, nil) {
			p.compAsg[c] = append(p.compAsg[c], scaleAssign{course: k, due: p.quarterEnd(rng.IntN(4) + 1)})
		}
	}
	p.branchAsg = make([][]scaleAssign, len(p.branches))
	for b := range p.branchAsg {
		taken := map[int]bool{}
		for _, a := range p.compAsg[p.units[p.branches[b]].company] {
			taken[a.course] = true
		}
		for _, k := range pick(rng, p.pool, 3, taken) {
			p.branchAsg[b] = append(p.branchAsg[b], scaleAssign{course: k, due: p.quarterEnd(rng.IntN(4) + 1)})
		}
	}
}

func (p *scalePlan) quarterEnd(q int) time.Time {
	return time.Date(p.o.year, time.Month(3*q)+1, 1, 0, 0, 0, 0, chinaTZ).Add(-time.Second)
}

// pick draws k distinct items of from, none of skip.
func pick(rng *rand.Rand, from []int, k int, skip map[int]bool) []int {
	var out []int
	seen := map[int]bool{}
	for len(out) < k && len(seen) < len(from) {
		c := from[rng.IntN(len(from))]
		if !seen[c] {
			seen[c] = true
			if !skip[c] {
				out = append(out, c)
			}
		}
	}
	return out
}

// scaleEnr is one generated enrollment.
type scaleEnr struct {
	course                       int
	assign                       *scaleAssign
	state                        string
	enrolled, started, completed time.Time
}

// enrollmentsOf draws person i's enrollments: what the group, their
// company and their 党总支 assigned, and up to 8 open courses.
func (p *scalePlan) enrollmentsOf(i int, out []scaleEnr) []scaleEnr {
	rng := newRand(p.o.seed, 1_000_000+uint64(i))
	u := p.units[p.userUnit[i]]
	var asg []*scaleAssign
	for k := range p.rootAsg {
		asg = append(asg, &p.rootAsg[k])
	}
	if u.level >= 1 {
		for k := range p.compAsg[u.company] {
			asg = append(asg, &p.compAsg[u.company][k])
		}
	}
	if u.level >= 2 {
		for k := range p.branchAsg[u.branch] {
			asg = append(asg, &p.branchAsg[u.branch][k])
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
func (p *scalePlan) draw(rng *rand.Rand, c int, a *scaleAssign) scaleEnr {
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
