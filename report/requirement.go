package report

import (
	"cmp"
	"fmt"
	"slices"
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

// Cycle returns the years of the cycle of n years from start that holds
// year, as course computes it for a transcript.
func Cycle(start, n, year int) (from, to int) {
	n = max(n, 1)
	from = year - ((year-start)%n+n)%n
	return from, from + n - 1
}

// prioritized orders rules as they are tried: the nearest unit's first,
// a rank's rule before the general rule of the same unit (then by id, for
// a stable order). The first that applies to a person is theirs.
func prioritized(rules []Rule) []Rule {
	out := slices.Clone(rules)
	slices.SortStableFunc(out, func(a, b Rule) int {
		return cmp.Or(cmp.Compare(depth(b.UnitPath), depth(a.UnitPath)),
			cmp.Compare(boolInt(a.Rank == ""), boolInt(b.Rank == "")), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ruleFor picks the rule of a person of rank in the unit at path, as
// course does: the rule of the nearest unit that has one, a rule for the
// rank before the unit's general rule. nil: no rule applies.
func ruleFor(rules []Rule, path, rank string) *Rule {
	for _, r := range prioritized(rules) {
		if org.Within(path, r.UnitPath) && (r.Rank == "" || r.Rank == rank) {
			return &r
		}
	}
	return nil
}

func depth(path string) int { return strings.Count(path, ".") + 1 }

// ruleSet is the rules that can apply in a scope, in the order they are
// tried, with what each asks in the report's year; the queries choose a
// person's rule with pick and read its figures from the arrays by index.
type ruleSet struct {
	rules      []Rule
	paths      []string
	ranks      []string
	hours      []float64
	from, to   []int
	multi      bool  // some cycle spans several years
	multiBits  int64 // the rules (as mask bits) whose cycle does
	maskedBits bool  // few enough rules for one bit each in a unit's mask
	// limits are the hours one-year rules compare a person's year with:
	// each rule's hours (at full[i]) and half of them (at half[i]).
	limits     []float64
	full, half []int
}

// maxMasked: a unit's mask (bigint) has a bit per rule up to this many.
const maxMasked = 62

func newRuleSet(rules []Rule, year int) *ruleSet {
	rs := &ruleSet{rules: prioritized(rules), maskedBits: len(rules) <= maxMasked}
	for i, r := range rs.rules {
		from, to := Cycle(r.StartYear, r.CycleYears, year)
		rs.paths, rs.ranks, rs.hours = append(rs.paths, r.UnitPath), append(rs.ranks, r.Rank), append(rs.hours, r.Hours)
		rs.from, rs.to = append(rs.from, from), append(rs.to, to)
		if to > from {
			rs.multi = true
			if rs.maskedBits {
				rs.multiBits |= 1 << i
			}
		}
		rs.full, rs.half = append(rs.full, rs.limit(r.Hours)), append(rs.half, rs.limit(r.Hours/2))
	}
	return rs
}

// years are the first and last years of the rules' cycles.
func (rs *ruleSet) years() (from, to int) {
	if len(rs.from) == 0 {
		return 0, 0
	}
	return slices.Min(rs.from), slices.Max(rs.to)
}

// limit is the place of v in limits, added when new.
func (rs *ruleSet) limit(v float64) int {
	if i := slices.Index(rs.limits, v); i >= 0 {
		return i
	}
	rs.limits = append(rs.limits, v)
	return len(rs.limits) - 1
}

// ruleOf is the rule (its place in rules, or -1) of people of rank in the
// units of a mask — or, with too many rules for masks, in the unit at path.
func (rs *ruleSet) ruleOf(mask int64, path, rank string) int {
	for i, r := range rs.rules {
		under := org.Within(path, r.UnitPath)
		if rs.maskedBits {
			under = mask&(1<<i) != 0
		}
		if under && (r.Rank == "" || r.Rank == rank) {
			return i
		}
	}
	return -1
}

// groupBy is the grouping of people by what decides their rule: the mask
// of their unit (or the unit's path, without masks) and their rank.
func (rs *ruleSet) groupBy(u string) string {
	if rs.maskedBits {
		return u + ".grp, " + u + ".mask, ''::text AS path"
	}
	return u + ".grp, 0::bigint AS mask, " + u + ".path::text AS path"
}

// args are the five parameters the rule expressions refer to.
func (rs *ruleSet) args() []any { return []any{rs.paths, rs.ranks, rs.hours, rs.from, rs.to} }

func param(p int) string { return "$" + strconv.Itoa(p) }

// declare names the five parameters' types in a condition that always
// holds: a query that happens not to use one (no rules) still prepares.
func (rs *ruleSet) declare(p int) string {
	return fmt.Sprintf("coalesce(cardinality(%s::ltree[]) + cardinality(%s::text[]) + cardinality(%s::numeric[]) + "+
		"cardinality(%s::int[]) + cardinality(%s::int[]), 0) >= 0", param(p), param(p+1), param(p+2), param(p+3), param(p+4))
}

// mask is, for the units query, each unit's bits of the rules whose unit
// it lies under (paths at $p): computed once per unit, so rows test bits.
func (rs *ruleSet) mask(p int) string {
	if !rs.maskedBits || len(rs.rules) == 0 {
		return "0::bigint"
	}
	return `(SELECT coalesce(bit_or(1::bigint << (i - 1)::int), 0) FROM unnest(` + param(p) +
		`::ltree[]) WITH ORDINALITY AS r(p, i) WHERE path <@ r.p)`
}

// pick is the index (1-based) of the rule of a row of unit u and rank
// column rank, or NULL; the parameters start at $p.
func (rs *ruleSet) pick(p int, u, rank string) string {
	if len(rs.rules) == 0 {
		return "NULL::int"
	}
	var b strings.Builder
	b.WriteString("CASE")
	for i, r := range rs.rules {
		n := strconv.Itoa(i + 1)
		if rs.maskedBits {
			fmt.Fprintf(&b, " WHEN %s.mask & %d <> 0", u, int64(1)<<i)
		} else {
			fmt.Fprintf(&b, " WHEN %s.path <@ (%s::ltree[])[%s]", u, param(p), n)
		}
		if r.Rank != "" {
			fmt.Fprintf(&b, " AND %s = (%s::text[])[%s]", rank, param(p+1), n)
		}
		b.WriteString(" THEN " + n)
	}
	b.WriteString(" END")
	return b.String()
}

// hoursOf, fromOf and toOf read a picked rule's figures.
func (rs *ruleSet) hoursOf(p int, ri string) string {
	return "(" + param(p+2) + "::numeric[])[" + ri + "]"
}
func (rs *ruleSet) fromOf(p int, ri string) string { return "(" + param(p+3) + "::int[])[" + ri + "]" }
func (rs *ruleSet) toOf(p int, ri string) string   { return "(" + param(p+4) + "::int[])[" + ri + "]" }

// mayBeMulti narrows rows to units under a rule whose cycle spans years.
func (rs *ruleSet) mayBeMulti(u string) string {
	if !rs.maskedBits {
		return "true"
	}
	return fmt.Sprintf("%s.mask & %d <> 0", u, rs.multiBits)
}
