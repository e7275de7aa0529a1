package course

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/calendar"
	"lms/internal/db"
	"lms/org"
)

// The courses of `lms seed scale` over org's generated tree: courses
// assigned from the top, the companies and the 党总支, self-chosen open
// courses, completions and credited hours, about 20 enrollments a person.
// The enrollments are drawn per person from a generator seeded by the
// person's index, so each pass over them (enrollments, credits, and quiz's
// attempts) sees the same.

// ScaleOptions size the generated courses.
type ScaleOptions struct {
	Courses int
	Year    int
	Seed    uint64
}

// ScalePlan is the generated courses: everything but the enrollments,
// which EachCompletion and the loaders draw again person by person.
type ScalePlan struct {
	tree      *org.ScaleTree
	o         ScaleOptions
	IDs       []int64 // the courses
	Titles    []string
	hours     []float64
	pool      []int // courses the companies and 党总支 assign
	open      []int // courses people choose themselves
	rootAsg   []scaleAssign
	compAsg   [][]scaleAssign
	branchAsg [][]scaleAssign
	start     time.Time // the year's study runs from start to end (not past now)
	end       time.Time
	now       time.Time
}

type scaleAssign struct {
	id     int64
	course int
	due    time.Time
}

// scaleEnr is one generated enrollment.
type scaleEnr struct {
	course                       int
	assign                       *scaleAssign
	state                        string
	enrolled, started, completed time.Time
}

var chinaTZ = calendar.Zone

// LoadScale generates the courses over the tree and copies them, their
// assignments, enrollments, credits and the hour requirements in tx.
func LoadScale(ctx context.Context, tx pgx.Tx, tree *org.ScaleTree, o ScaleOptions, step db.Step) (*ScalePlan, error) {
	p := newScalePlan(tree, o)
	for _, s := range []struct {
		name string
		fn   func(context.Context, pgx.Tx) error
	}{
		{"courses", p.loadCourses}, {"assignments", p.loadAssignments}, {"enrollments", p.loadEnrollments},
		{"credits", p.loadCredits}, {"requirements", p.loadRequirements},
	} {
		if err := step(s.name, func() error { return s.fn(ctx, tx) }); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func newScalePlan(tree *org.ScaleTree, o ScaleOptions) *ScalePlan {
	p := &ScalePlan{tree: tree, o: o, now: time.Now()}
	p.start = time.Date(o.Year, 1, 5, 9, 0, 0, 0, chinaTZ)
	p.end = time.Date(o.Year, 12, 31, 18, 0, 0, 0, chinaTZ)
	if p.end.After(p.now) {
		p.end = p.now
	}
	if p.end.Sub(p.start) < 24*time.Hour {
		p.end = p.start.Add(24 * time.Hour)
	}
	return p
}

var scaleTopics = []string{"学习贯彻习近平新时代中国特色社会主义思想", "党章党规党纪", "廉洁从业", "安全生产法规",
	"企业管理创新", "数字化转型", "保密知识", "意识形态工作", "基层党建实务", "国有企业改革", "党史学习", "群众工作方法"}

func (p *ScalePlan) course(i int) (title, category string, hours float64) {
	hoursOf := []float64{1, 1.5, 2, 2.5, 3, 4}
	return fmt.Sprintf("%s（第%d讲）", scaleTopics[i%len(scaleTopics)], i/len(scaleTopics)+1),
		Categories[i%len(Categories)], hoursOf[(i*7)%len(hoursOf)]
}

// planAssignments: the group assigns 5 courses, each company 8 and each
// 党总支 3 more, none twice to the same person; the last 20 courses are open
// to choose.
func (p *ScalePlan) planAssignments() {
	n := len(p.IDs)
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
	rng := rand.New(rand.NewPCG(p.o.Seed, 1))
	p.compAsg = make([][]scaleAssign, len(p.tree.Companies))
	for c := range p.compAsg {
		for _, k := range pick(rng, p.pool, 8, nil) {
			p.compAsg[c] = append(p.compAsg[c], scaleAssign{course: k, due: p.quarterEnd(rng.IntN(4) + 1)})
		}
	}
	p.branchAsg = make([][]scaleAssign, len(p.tree.Branches))
	for b := range p.branchAsg {
		taken := map[int]bool{}
		for _, a := range p.compAsg[p.tree.Units[p.tree.Branches[b]].Company] {
			taken[a.course] = true
		}
		for _, k := range pick(rng, p.pool, 3, taken) {
			p.branchAsg[b] = append(p.branchAsg[b], scaleAssign{course: k, due: p.quarterEnd(rng.IntN(4) + 1)})
		}
	}
}

func (p *ScalePlan) quarterEnd(q int) time.Time {
	return time.Date(p.o.Year, time.Month(3*q)+1, 1, 0, 0, 0, 0, chinaTZ).Add(-time.Second)
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
