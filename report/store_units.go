package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// group is one group's sums: a child of the scope (or the scope's own
// members), or with ByUnit a single unit. B2..B4 count people by their
// hours against their requirement (the Bucket constants).
type group struct {
	Key    int64 `db:"key"`
	ByUnit bool  `db:"by_unit"`
	B2     int64 `db:"b2"`
	B3     int64 `db:"b3"`
	B4     int64 `db:"b4"`
	Counts
}

func collectGroups(rows pgx.Rows, err error) ([]group, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[group])
}

// scopeUnits selects the units of the scope ($1 its path) with the child
// of the scope each lies in (grp: $2 the scope's depth, $3 its id; the
// scope's own unit is its own group) and the bits of the rules (paths at
// $p) whose unit each lies under — computed once per unit, not once per
// row joined to it. Paths are chains of "u<id>" labels (org's contract),
// so the child's id is read from its label.
// With declare, the condition names the types of all five rule
// parameters, for the queries that may not use every one.
func scopeUnits(rs *ruleSet, p int, grp, declare bool) string {
	g, mask, where := "0::bigint", "0::bigint", ""
	if grp {
		g = "CASE WHEN nlevel(path) > $2 THEN substring(subpath(path, $2, 1)::text FROM 2)::bigint ELSE $3 END"
	}
	if rs != nil {
		mask = rs.mask(p)
	}
	if declare {
		where = " AND " + rs.declare(p)
	}
	// OFFSET 0 keeps the planner from merging this into the outer query,
	// which would compute the mask again for every row.
	return `SELECT id, path, name, ` + g + ` AS grp, ` + mask + ` AS mask FROM org_unit_tree WHERE path <@ $1::ltree` +
		where + ` OFFSET 0`
}

// maskArgs is the rule paths, when the masks use them.
func (rs *ruleSet) maskArgs() []any {
	if rs.maskedBits && len(rs.rules) > 0 {
		return []any{rs.paths}
	}
	return nil
}

// scopeArgs are the parameters every grouped query starts with.
func scopeArgs(sc *Scope, year int) []any {
	return []any{sc.Unit.Path, sc.level, sc.Unit.ID, year}
}

// rulesFor lists the requirements that can apply under path: those of its
// ancestors and of the units in it.
func rulesFor(ctx context.Context, q db.DBTX, path string) ([]Rule, error) {
	rows, _ := q.Query(ctx, `
		SELECT id, unit_path::text AS unit_path, rank, hours::float8 AS hours, cycle_years, start_year
		FROM course_requirements WHERE unit_path @> $1::ltree OR unit_path <@ $1::ltree`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rule])
}

// rankGroup is the sums of the people of one rank in the units of one
// mask (or one unit, without masks) under one child of the scope: people
// who share a rule. AtLeast counts those with at least each of the rules'
// limits of hours.
type rankGroup struct {
	Grp        int64   `db:"grp"`
	Mask       int64   `db:"mask"`
	Path       string  `db:"path"`
	Rank       string  `db:"rank"`
	People     int64   `db:"people"`
	Hours      float64 `db:"hours"`
	Offline    float64 `db:"offline_hours"`
	QuizTaken  int64   `db:"quiz_taken"`
	QuizScore  float64 `db:"quiz_score"`
	QuizPassed int64   `db:"quiz_passed"`
	Positive   int64   `db:"positive"`
	AtLeast    []int64 `db:"at_least"`
}

// headGroups counts the scope's active people by child, mask and rank.
func headGroups(ctx context.Context, q db.DBTX, sc *Scope, rs *ruleSet) ([]rankGroup, error) {
	rows, _ := q.Query(ctx, `
		SELECT `+rs.groupBy("u")+`, r.rank, sum(r.people)::bigint AS people
		FROM report_unit_rank r JOIN (`+scopeUnits(rs, 4, true, false)+`) u ON u.id = r.unit_id
		WHERE r.people <> 0
		GROUP BY 1, 2, 3, 4`, append([]any{sc.Unit.Path, sc.level, sc.Unit.ID}, rs.maskArgs()...)...)
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[rankGroup])
}

// personGroups sums the year's hours and quiz results of the scope's
// active people by child, mask and rank, and counts those with any hours
// and with at least each limit ($5): few groups, whatever the number of
// people, and no rule chosen row by row. The requirement counts online
// and offline hours together.
func personGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, rs *ruleSet) ([]rankGroup, error) {
	atLeast := `(CASE WHEN $5::numeric[] IS NULL THEN '{}' ELSE '{}' END)::bigint[]`
	if len(rs.limits) > 0 {
		var counts []string
		for k := range rs.limits {
			counts = append(counts, fmt.Sprintf("count(*) FILTER (WHERE t.hours + t.offline_hours >= ($5::numeric[])[%d])", k+1))
		}
		atLeast = "ARRAY[" + strings.Join(counts, ", ") + "]::bigint[]"
	}
	rows, _ := q.Query(ctx, `
		SELECT `+rs.groupBy("u")+`, t.rank, sum(t.hours)::float8 AS hours, sum(t.offline_hours)::float8 AS offline_hours,
		       sum(t.quiz_taken) AS quiz_taken, sum(t.quiz_score)::float8 AS quiz_score, sum(t.quiz_passed) AS quiz_passed,
		       count(*) FILTER (WHERE t.hours + t.offline_hours > 0) AS positive, `+atLeast+` AS at_least
		FROM report_person_year t JOIN (`+scopeUnits(rs, 6, true, false)+`) u ON u.id = t.unit_id
		WHERE t.year = $4 AND t.active
		GROUP BY 1, 2, 3, 4`, append([]any{sc.Unit.Path, sc.level, sc.Unit.ID, year, rs.limits}, rs.maskArgs()...)...)
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[rankGroup])
}

// enrollGroups sums enrollments per child of the scope, and with perUnit
// also per single unit (for the units furthest behind). Overdue is counted
// against now: open enrollments due before it. Without a course filter
// (courses nil) it reads the per-unit sums, with one the per-course sums.
func enrollGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64, now time.Time, perUnit bool) ([]group, error) {
	sets, keys := "(grp)", "false AS by_unit, grp AS key"
	if perUnit {
		sets = "(grp), (unit_id)"
		keys = "grouping(unit_id) = 0 AS by_unit, CASE WHEN grouping(unit_id) = 0 THEN unit_id ELSE grp END AS key"
	}
	from, args := "report_unit_due t", append(scopeArgs(sc, year), now)
	if courses != nil {
		from, args = "report_unit_course t", append(args, courses)
		from += " WHERE t.course_id = ANY($6)"
	}
	rows, err := q.Query(ctx, `
		SELECT `+keys+`,
		       sum(enrolled) AS enrolled, sum(not_started) AS not_started, sum(in_progress) AS in_progress,
		       sum(completed) AS completed, coalesce(sum(enrolled - completed) FILTER (WHERE due_at < $5), 0) AS overdue
		FROM (SELECT t.*, u.grp FROM (SELECT * FROM `+from+`) t JOIN (`+scopeUnits(nil, 0, true, false)+`) u ON u.id = t.unit_id
		      WHERE t.year = $4) t
		GROUP BY GROUPING SETS (`+sets+`)`, args...)
	return collectGroups(rows, err)
}

// cycleGroups does the same for requirements whose cycle spans several
// years, summing each person's hours (online and offline) over their cycle.
func cycleGroups(ctx context.Context, q db.DBTX, sc *Scope, rs *ruleSet) ([]group, error) {
	from, to := rs.years()
	args := append(append([]any{sc.Unit.Path, sc.level, sc.Unit.ID}, rs.args()...), from, to)
	rows, err := q.Query(ctx, cycleSQL(rs), args...)
	return collectGroups(rows, err)
}

func cycleSQL(rs *ruleSet) string {
	return `
		SELECT grp AS key,
		       count(*) FILTER (WHERE h > 0 AND h * 2 < req) AS b2,
		       count(*) FILTER (WHERE h * 2 >= req AND h < req) AS b3, count(*) FILTER (WHERE h >= req) AS b4
		FROM (SELECT min(grp) AS grp, min(` + rs.hoursOf(4, "ri") + `) AS req,
		             coalesce(sum(hours) FILTER (WHERE year BETWEEN ` + rs.fromOf(4, "ri") + ` AND ` + rs.toOf(4, "ri") + `), 0) AS h
		      FROM (SELECT t.user_id, t.year, t.hours + t.offline_hours AS hours, u.grp, ` + rs.pick(4, "u", "t.rank") + ` AS ri
		            FROM report_person_year t JOIN (` + scopeUnits(rs, 4, true, true) + `) u ON u.id = t.unit_id
		            WHERE t.active AND ` + rs.mayBeMulti("u") + `
		              AND t.year BETWEEN $9 AND $10) y
		      WHERE ` + rs.fromOf(4, "ri") + ` < ` + rs.toOf(4, "ri") + `
		      GROUP BY user_id) x
		GROUP BY 1`
}

// creditGroups sums credited hours and quiz results of some courses per
// child of the scope.
func creditGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT u.grp AS key, sum(t.hours)::float8 AS hours,
		       sum(t.quiz_taken) AS quiz_taken, sum(t.quiz_score)::float8 AS quiz_score, sum(t.quiz_passed) AS quiz_passed
		FROM report_unit_course_credit t JOIN (`+scopeUnits(nil, 0, true, false)+`) u ON u.id = t.unit_id
		WHERE t.year = $4 AND t.course_id = ANY($5)
		GROUP BY 1`, append(scopeArgs(sc, year), courses)...)
	return collectGroups(rows, err)
}
