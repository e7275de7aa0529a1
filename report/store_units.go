package report

import (
	"context"
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
// scope's own unit is its own group) and the bits of the rules (at $p)
// whose unit each lies under — computed once per unit, not once per row
// joined to it. Paths are chains of "u<id>" labels (org's contract), so the
// child's id is read from its label (childOf does the same in Go).
func scopeUnits(rs *ruleSet, p int, grp bool) string {
	g, mask, where := "0::bigint", "0::bigint", ""
	if grp {
		g = "CASE WHEN nlevel(path) > $2 THEN substring(subpath(path, $2, 1)::text FROM 2)::bigint ELSE $3 END"
	}
	if rs != nil {
		mask, where = rs.mask(p), " AND "+rs.declare(p)
	}
	return `SELECT id, path, name, ` + g + ` AS grp, ` + mask + ` AS mask FROM org_unit_tree WHERE path <@ $1::ltree` + where
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

// headGroups counts the scope's active people per child, and those a rule
// asks hours of.
func headGroups(ctx context.Context, q db.DBTX, sc *Scope, rs *ruleSet) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT grp AS key, sum(people) AS people, coalesce(sum(people) FILTER (WHERE ri IS NOT NULL), 0) AS with_requirement
		FROM (SELECT u.grp, r.people, `+rs.pick(4, "u", "r.rank")+` AS ri
		      FROM report_unit_rank r JOIN (`+scopeUnits(rs, 4, true)+`) u ON u.id = r.unit_id) x
		GROUP BY 1`, append([]any{sc.Unit.Path, sc.level, sc.Unit.ID}, rs.args()...)...)
	return collectGroups(rows, err)
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
		FROM (SELECT t.*, u.grp FROM (SELECT * FROM `+from+`) t JOIN (`+scopeUnits(nil, 0, true)+`) u ON u.id = t.unit_id
		      WHERE t.year = $4) t
		GROUP BY GROUPING SETS (`+sets+`)`, args...)
	return collectGroups(rows, err)
}

// personGroups sums the year's hours and quiz results of the scope's
// active people per child, and counts those whose one-year requirement is
// under half met, half or more met, or met (B2..B4).
func personGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, rs *ruleSet) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT grp AS key, sum(hours)::float8 AS hours, sum(quiz_taken) AS quiz_taken,
		       sum(quiz_score)::float8 AS quiz_score, sum(quiz_passed) AS quiz_passed,
		       count(*) FILTER (WHERE single AND hours > 0 AND hours * 2 < req) AS b2,
		       count(*) FILTER (WHERE single AND hours * 2 >= req AND hours < req) AS b3,
		       count(*) FILTER (WHERE single AND hours >= req) AS b4
		FROM (SELECT y.*, `+rs.hoursOf(5, "ri")+` AS req, `+rs.fromOf(5, "ri")+` = `+rs.toOf(5, "ri")+` AS single
		      FROM (SELECT u.grp, t.hours, t.quiz_taken, t.quiz_score, t.quiz_passed, `+rs.pick(5, "u", "t.rank")+` AS ri
		            FROM report_person_year t JOIN (`+scopeUnits(rs, 5, true)+`) u ON u.id = t.unit_id
		            WHERE t.year = $4 AND t.active) y) x
		GROUP BY 1`, append([]any{sc.Unit.Path, sc.level, sc.Unit.ID, year}, rs.args()...)...)
	return collectGroups(rows, err)
}

// cycleGroups does the same for requirements whose cycle spans several
// years, summing each person's hours over their cycle.
func cycleGroups(ctx context.Context, q db.DBTX, sc *Scope, rs *ruleSet) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT grp AS key,
		       count(*) FILTER (WHERE h > 0 AND h * 2 < req) AS b2,
		       count(*) FILTER (WHERE h * 2 >= req AND h < req) AS b3, count(*) FILTER (WHERE h >= req) AS b4
		FROM (SELECT min(grp) AS grp, min(`+rs.hoursOf(4, "ri")+`) AS req,
		             coalesce(sum(hours) FILTER (WHERE year BETWEEN `+rs.fromOf(4, "ri")+` AND `+rs.toOf(4, "ri")+`), 0) AS h
		      FROM (SELECT t.user_id, t.year, t.hours, u.grp, `+rs.pick(4, "u", "t.rank")+` AS ri
		            FROM report_person_year t JOIN (`+scopeUnits(rs, 4, true)+`) u ON u.id = t.unit_id
		            WHERE t.active AND `+rs.mayBeMulti("u")+`
		              AND t.year BETWEEN (SELECT min(f) FROM unnest($7::int[]) f) AND (SELECT max(x) FROM unnest($8::int[]) x)) y
		      WHERE `+rs.fromOf(4, "ri")+` < `+rs.toOf(4, "ri")+`
		      GROUP BY user_id) x
		GROUP BY 1`, append([]any{sc.Unit.Path, sc.level, sc.Unit.ID}, rs.args()...)...)
	return collectGroups(rows, err)
}

// creditGroups sums credited hours and quiz results of some courses per
// child of the scope.
func creditGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT u.grp AS key, sum(t.hours)::float8 AS hours,
		       sum(t.quiz_taken) AS quiz_taken, sum(t.quiz_score)::float8 AS quiz_score, sum(t.quiz_passed) AS quiz_passed
		FROM report_unit_course_credit t JOIN (`+scopeUnits(nil, 0, true)+`) u ON u.id = t.unit_id
		WHERE t.year = $4 AND t.course_id = ANY($5)
		GROUP BY 1`, append(scopeArgs(sc, year), courses)...)
	return collectGroups(rows, err)
}
