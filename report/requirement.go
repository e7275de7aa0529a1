package report

import (
	"strconv"
	"strings"

	"lms/org"
)

// Rule is a study-hour requirement as course publishes it: the hours a
// unit's subtree (or one rank in it) owes per cycle of CycleYears years
// counted from StartYear.
type Rule struct {
	ID         int64   `db:"id"`
	UnitPath   string  `db:"unit_path"`
	Rank       string  `db:"rank"`
	Hours      float64 `db:"hours"`
	CycleYears int     `db:"cycle_years"`
	StartYear  int     `db:"start_year"`
}

// Need is what a requirement asks of a person in a study year: Hours over
// the years From to To (the cycle that holds the year).
type Need struct {
	Hours    float64
	From, To int
}

// Cycle returns the years of the cycle of n years from start that holds
// year, as course computes it for a transcript.
func Cycle(start, n, year int) (from, to int) {
	n = max(n, 1)
	from = year - ((year-start)%n+n)%n
	return from, from + n - 1
}

// ruleFor picks the rule of a person of rank in the unit at path, as
// course does: the rule of the nearest unit that has one, a rule for the
// rank before the unit's general rule. nil: no rule applies.
func ruleFor(rules []Rule, path, rank string) *Rule {
	var best *Rule
	bestDepth := -1
	for i := range rules {
		r := &rules[i]
		if !org.Within(path, r.UnitPath) || r.Rank != "" && r.Rank != rank {
			continue
		}
		d := depth(r.UnitPath)
		if d > bestDepth || d == bestDepth && r.Rank != "" {
			best, bestDepth = r, d
		}
	}
	return best
}

// needFor is what the rules ask of a person of rank at path in year.
func needFor(rules []Rule, path, rank string, year int) *Need {
	r := ruleFor(rules, path, rank)
	if r == nil {
		return nil
	}
	from, to := Cycle(r.StartYear, r.CycleYears, year)
	return &Need{Hours: r.Hours, From: from, To: to}
}

func depth(path string) int { return strings.Count(path, ".") + 1 }

// childOf maps a unit path under a scope at level (the scope's depth) to
// the child of the scope it lies in, or to the scope itself (self). Paths
// are chains of "u<id>" labels (org's contract), so the child's id is its
// label's number.
func childOf(path string, level int, self int64) int64 {
	labels := strings.Split(path, ".")
	if len(labels) <= level {
		return self
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(labels[level], "u"), 10, 64)
	if err != nil {
		return self
	}
	return id
}

// needs holds the requirement of every (unit, rank) of a scope, as the
// arrays the queries join on. A (unit, rank) is keyed by one number,
// unit id × width + the rank's place in ranks (1-based; 0: a rank that is
// not listed), so the join compares integers, not text.
type needs struct {
	ranks  []string
	code   map[string]int64
	keys   []int64
	hours  []float64
	from   []int
	to     []int
	multi  bool // some cycle spans several years
	single bool // some cycle is one year
}

// width leaves room for every rank a scope can have: ranks are free text.
const width = 1 << 16

func (n *needs) add(unitID int64, rank string, need *Need) {
	if n.code == nil {
		n.code = map[string]int64{}
	}
	c, ok := n.code[rank]
	if !ok && len(n.ranks) < width-1 {
		n.ranks = append(n.ranks, rank)
		c = int64(len(n.ranks))
		n.code[rank] = c
	}
	n.keys, n.hours = append(n.keys, unitID*width+c), append(n.hours, need.Hours)
	n.from, n.to = append(n.from, need.From), append(n.to, need.To)
	n.multi = n.multi || need.To > need.From
	n.single = n.single || need.To == need.From
}

func (n *needs) args() []any { return []any{n.keys, n.hours, n.from, n.to, n.ranks} }

// needsJoin joins the requirements (five parameters from $first) to the
// rows of alias a, which has unit_id and rank.
func needsJoin(first int, a string) string {
	p := func(i int) string { return "$" + strconv.Itoa(first+i) }
	return `unnest(` + p(0) + `::bigint[], ` + p(1) + `::numeric[], ` + p(2) + `::int[], ` + p(3) +
		`::int[]) AS r(key, hours, cf, ct) ON r.key = ` + a + `.unit_id * ` + strconv.Itoa(width) +
		` + coalesce(array_position(` + p(4) + `::text[], ` + a + `.rank), 0)`
}
