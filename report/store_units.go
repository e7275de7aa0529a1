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

// scopeUnits are the units of the scope ($1 its path) with the child of
// the scope each lies in ($2 the scope's depth, $3 its id: the scope's own
// unit is its own group), computed once per unit, not once per row joined
// to it. Paths are chains of "u<id>" labels (org's contract), so the
// child's id is read from its label (childOf does the same in Go).
const scopeUnits = `SELECT id, ` + "CASE WHEN nlevel(path) > $2 THEN substring(subpath(path, $2, 1)::text FROM 2)::bigint ELSE $3 END" +
	` AS grp FROM org_unit_tree WHERE path <@ $1::ltree`

// scopeArgs are the parameters every grouped query starts with.
func scopeArgs(sc *Scope, year int) []any {
	return []any{sc.Unit.Path, sc.level, sc.Unit.ID, year}
}

// unitRank is the head count of one rank in one unit.
type unitRank struct {
	UnitID int64  `db:"unit_id"`
	Path   string `db:"path"`
	Rank   string `db:"rank"`
	People int64  `db:"people"`
}

func unitRanks(ctx context.Context, q db.DBTX, path string) ([]unitRank, error) {
	rows, _ := q.Query(ctx, `
		SELECT r.unit_id, u.path::text AS path, r.rank, r.people::bigint AS people
		FROM report_unit_rank r JOIN org_unit_tree u ON u.id = r.unit_id
		WHERE u.path <@ $1::ltree AND r.people <> 0`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[unitRank])
}

// rulesFor lists the requirements that can apply under path: those of its
// ancestors and of the units in it.
func rulesFor(ctx context.Context, q db.DBTX, path string) ([]Rule, error) {
	rows, _ := q.Query(ctx, `
		SELECT id, unit_path::text AS unit_path, rank, hours::float8 AS hours, cycle_years, start_year
		FROM course_requirements WHERE unit_path @> $1::ltree OR unit_path <@ $1::ltree`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rule])
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
		FROM (SELECT t.*, u.grp FROM (SELECT * FROM `+from+`) t JOIN (`+scopeUnits+`) u ON u.id = t.unit_id
		      WHERE t.year = $4) t
		GROUP BY GROUPING SETS (`+sets+`)`, args...)
	return collectGroups(rows, err)
}

// personGroups sums the year's hours and quiz results of the scope's
// active people per child, and counts those whose one-year requirement
// is half met, mostly met, or met (B2..B4).
func personGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, n *needs) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT u.grp AS key, sum(t.hours)::float8 AS hours,
		       sum(t.quiz_taken) AS quiz_taken, sum(t.quiz_score)::float8 AS quiz_score, sum(t.quiz_passed) AS quiz_passed,
		       count(*) FILTER (WHERE r.cf = r.ct AND t.hours > 0 AND t.hours * 2 < r.hours) AS b2,
		       count(*) FILTER (WHERE r.cf = r.ct AND t.hours * 2 >= r.hours AND t.hours < r.hours) AS b3,
		       count(*) FILTER (WHERE r.cf = r.ct AND t.hours >= r.hours) AS b4
		FROM report_person_year t JOIN (`+scopeUnits+`) u ON u.id = t.unit_id
		LEFT JOIN `+needsJoin(5, "t")+`
		WHERE t.year = $4 AND t.active
		GROUP BY 1`, append(scopeArgs(sc, year), n.args()...)...)
	return collectGroups(rows, err)
}

// cycleGroups does the same for requirements whose cycle spans several
// years, summing each person's hours over their cycle.
func cycleGroups(ctx context.Context, q db.DBTX, sc *Scope, n *needs) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT u.grp AS key,
		       count(*) FILTER (WHERE h > 0 AND h * 2 < req) AS b2,
		       count(*) FILTER (WHERE h * 2 >= req AND h < req) AS b3, count(*) FILTER (WHERE h >= req) AS b4
		FROM (SELECT t.user_id, min(t.unit_id) AS unit_id, min(r.hours) AS req, sum(t.hours) AS h
		      FROM report_person_year t JOIN `+needsJoin(4, "t")+` AND r.ct > r.cf
		      WHERE t.active AND t.year BETWEEN r.cf AND r.ct
		      GROUP BY t.user_id) x
		JOIN (`+scopeUnits+`) u ON u.id = x.unit_id
		GROUP BY 1`, append([]any{sc.Unit.Path, sc.level, sc.Unit.ID}, n.args()...)...)
	return collectGroups(rows, err)
}

// creditGroups sums credited hours and quiz results of some courses per
// child of the scope.
func creditGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT u.grp AS key, sum(t.hours)::float8 AS hours,
		       sum(t.quiz_taken) AS quiz_taken, sum(t.quiz_score)::float8 AS quiz_score, sum(t.quiz_passed) AS quiz_passed
		FROM report_unit_course_credit t JOIN (`+scopeUnits+`) u ON u.id = t.unit_id
		WHERE t.year = $4 AND t.course_id = ANY($5)
		GROUP BY 1`, append(scopeArgs(sc, year), courses)...)
	return collectGroups(rows, err)
}
