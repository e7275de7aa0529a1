package report

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// personScan is one person as the people queries return them.
type personScan struct {
	UserID     int64    `db:"user_id"`
	Username   string   `db:"username"`
	Name       string   `db:"name"`
	UnitID     int64    `db:"unit_id"`
	UnitName   string   `db:"unit_name"`
	UnitPath   string   `db:"unit_path"`
	Rank       string   `db:"rank"`
	Enrolled   int64    `db:"enrolled"`
	NotStarted int64    `db:"not_started"`
	InProgress int64    `db:"in_progress"`
	Completed  int64    `db:"completed"`
	Overdue    int64    `db:"overdue"`
	Hours      float64  `db:"hours"`
	Offline    float64  `db:"offline_hours"`
	QuizTaken  int64    `db:"quiz_taken"`
	QuizScore  float64  `db:"quiz_score"`
	QuizPassed int64    `db:"quiz_passed"`
	Required   *float64 `db:"required"`
	CycleFrom  int      `db:"cycle_from"`
	CycleTo    int      `db:"cycle_to"`
	CycleHours float64  `db:"cycle_hours"`
	Total      int64    `db:"total"`
}

var statusCond = map[string]string{
	StatusAll:        "true",
	StatusCompleted:  "enrolled > 0 AND completed = enrolled",
	StatusIncomplete: "completed < enrolled",
	StatusNotStarted: "enrolled > 0 AND not_started = enrolled",
	StatusNone:       "enrolled = 0",
	StatusBelow:      "cycle_hours < required",
	StatusOverdue: `EXISTS (SELECT 1 FROM course_enrollment_facts e
		WHERE e.user_id = b.user_id AND e.year = $2::int AND e.overdue)`,
}

var sortExpr = map[string]string{
	"":            "name %s, user_id",
	"name":        "name %s, user_id",
	"unit":        "unit_path %s, name, user_id",
	"rate":        "completed::float8 / nullif(enrolled, 0) %s NULLS LAST, name, user_id",
	"hours":       "hours %s, name, user_id",
	"offline":     "offline_hours %s, name, user_id",
	"cycle_hours": "cycle_hours %s, name, user_id",
	"enrolled":    "enrolled %s, name, user_id",
	"completed":   "completed %s, name, user_id",
}

// peopleParams are the people queries' first parameters: $1 the scope's
// path, $2 the year, $3 a LIKE pattern on names (” for all), $4..$8 the
// rules (ruleSet); the query's own follow.
func peopleParams(path string, year int, pattern string, rs *ruleSet) []any {
	return append([]any{path, year, pattern}, rs.args()...)
}

// peopleSQL lists the people of the scope matching the query's status,
// sorted, with the total. cond narrows the members (activeOnly for lists);
// overdue stays 0 unless withOverdue counts it for everyone (the exports),
// or it is filled in for one page.
func peopleSQL(q Query, rs *ruleSet, cond, tail string, withOverdue bool) string {
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	overdue, join := "0::bigint AS overdue", ""
	if withOverdue {
		overdue, join = "coalesce(od.n, 0) AS overdue", `
		LEFT JOIN (SELECT user_id, count(*) AS n FROM course_enrollment_facts
		           WHERE year = $2::int AND overdue GROUP BY user_id) od ON od.user_id = b.user_id`
	}
	from, to := rs.fromOf(4, "x.ri"), rs.toOf(4, "x.ri")
	return `
	WITH b AS (
		SELECT x.user_id, x.username, x.name, x.unit_id, x.unit_name, x.unit_path, x.rank, x.enrolled, x.not_started,
		       x.in_progress, x.completed, x.hours::float8 AS hours, x.offline_hours::float8 AS offline_hours,
		       x.quiz_taken, x.quiz_score::float8 AS quiz_score,
		       x.quiz_passed, ` + rs.hoursOf(4, "x.ri") + `::float8 AS required,
		       coalesce(` + from + `, $2::int) AS cycle_from, coalesce(` + to + `, $2::int) AS cycle_to,
		       CASE WHEN ` + to + ` > ` + from + ` THEN (
		           SELECT coalesce(sum(z.hours + z.offline_hours), 0) FROM report_person_year z
		           WHERE z.user_id = x.user_id AND z.year BETWEEN ` + from + ` AND ` + to + `)
		       ELSE x.hours + x.offline_hours END::float8 AS cycle_hours
		FROM (
			SELECT m.user_id, n.username, n.display_name AS name, m.unit_id, u.name AS unit_name,
			       m.unit_path::text AS unit_path, m.rank,
			       coalesce(y.enrolled, 0) AS enrolled, coalesce(y.not_started, 0) AS not_started,
			       coalesce(y.in_progress, 0) AS in_progress, coalesce(y.completed, 0) AS completed,
			       coalesce(y.hours, 0) AS hours, coalesce(y.offline_hours, 0) AS offline_hours,
			       coalesce(y.quiz_taken, 0) AS quiz_taken,
			       coalesce(y.quiz_score, 0) AS quiz_score, coalesce(y.quiz_passed, 0) AS quiz_passed,
			       ` + rs.pick(4, "u", "m.rank") + ` AS ri
			FROM org_members m
			JOIN org_member_names n ON n.user_id = m.user_id
			JOIN (` + scopeUnits(rs, 4, false, true) + `) u ON u.id = m.unit_id
			LEFT JOIN report_person_year y ON y.year = $2::int AND y.user_id = m.user_id
			WHERE m.unit_path <@ $1::ltree ` + cond + `
			  AND ($3 = '' OR n.display_name ILIKE $3 OR n.username ILIKE $3)) x)
	SELECT b.*, ` + overdue + `, count(*) OVER () AS total FROM b` + join + `
	WHERE ` + statusCond[q.Status] + `
	ORDER BY ` + strings.ReplaceAll(sortExpr[q.Sort], "%s", dir) + tail
}

const activeOnly = "AND NOT m.disabled"

// likePattern matches text containing s, wildcards in s taken literally.
func likePattern(s string) string {
	if s == "" {
		return ""
	}
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

func peoplePage(ctx context.Context, q db.DBTX, sc *Scope, query Query, rs *ruleSet) ([]personScan, error) {
	args := append(peopleParams(sc.Unit.Path, query.Year, likePattern(query.Search), rs),
		query.PerPage, (query.Page-1)*query.PerPage)
	rows, _ := q.Query(ctx, peopleSQL(query, rs, activeOnly, " LIMIT $9 OFFSET $10", false), args...)
	return pgx.CollectRows(rows, pgx.RowToStructByName[personScan])
}

// overdueCounts counts the overdue courses of the year of some people.
func overdueCounts(ctx context.Context, q db.DBTX, year int, ids []int64) (map[int64]int64, error) {
	rows, _ := q.Query(ctx, `SELECT user_id, count(*) FROM course_enrollment_facts
		WHERE year = $1 AND overdue AND user_id = ANY($2) GROUP BY user_id`, year, ids)
	out := map[int64]int64{}
	var id, n int64
	_, err := pgx.ForEachRow(rows, []any{&id, &n}, func() error {
		out[id] = n
		return nil
	})
	return out, err
}

// eachPerson streams every matching person of the scope, in unit order, to
// fn: the rows come from the server one at a time, never all at once.
func eachPerson(ctx context.Context, q db.DBTX, sc *Scope, query Query, rs *ruleSet, fn func(*personScan) error) error {
	query.Sort, query.Desc = "unit", false
	rows, err := q.Query(ctx, peopleSQL(query, rs, activeOnly, "", true),
		peopleParams(sc.Unit.Path, query.Year, likePattern(query.Search), rs)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	scan := pgx.RowToStructByName[personScan]
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// onePerson is a single person's figures, whatever their state.
func onePerson(ctx context.Context, q db.DBTX, m *member, year int, rs *ruleSet) (*personScan, error) {
	rows, _ := q.Query(ctx, peopleSQL(Query{}, rs, "AND m.user_id = $9", "", true),
		append(peopleParams(m.UnitPath, year, "", rs), m.UserID)...)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[personScan])
	return p, db.NotFound(err, "用户")
}

// headCount is the number of active people in the subtree.
func headCount(ctx context.Context, q db.DBTX, path string) (int64, error) {
	var people int64
	err := q.QueryRow(ctx, `SELECT coalesce(sum(r.people), 0) FROM report_unit_rank r JOIN org_unit_tree u ON u.id = r.unit_id
		WHERE u.path <@ $1::ltree`, path).Scan(&people)
	return people, err
}

// noNestedLoops keeps the planner off nested loops until the transaction
// ends.
func noNestedLoops(ctx context.Context, q db.DBTX) error {
	_, err := q.Exec(ctx, `SELECT set_config('enable_nestloop', 'off', true)`)
	return err
}
