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
		WHERE e.user_id = x.user_id AND e.year = $2::int AND e.overdue)`,
}

var sortExpr = map[string]string{
	"":            "name %s, user_id",
	"name":        "name %s, user_id",
	"unit":        "unit_path %s, name, user_id",
	"rate":        "completed::float8 / nullif(enrolled, 0) %s NULLS LAST, name, user_id",
	"hours":       "hours %s, name, user_id",
	"cycle_hours": "cycle_hours %s, name, user_id",
	"enrolled":    "enrolled %s, name, user_id",
	"completed":   "completed %s, name, user_id",
}

// peopleSQL lists the people of the scope matching the query (status, $3
// a LIKE pattern or ”), with the total; overdue stays 0 unless withOverdue
// counts it for everyone (the exports), or it is filled in for one page.
func peopleSQL(q Query, cond, tail string, withOverdue bool) string {
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	overdue, join := "0::bigint AS overdue", ""
	if withOverdue {
		overdue, join = "coalesce(od.n, 0) AS overdue", `
		LEFT JOIN (SELECT user_id, count(*) AS n FROM course_enrollment_facts
		           WHERE year = $2::int AND overdue GROUP BY user_id) od ON od.user_id = x.user_id`
	}
	return `
	WITH b AS (` + personBase(cond) + `)
	SELECT x.*, ` + overdue + `, count(*) OVER () AS total FROM (
		SELECT b.user_id, n.username, n.display_name AS name, b.unit_id, u.name AS unit_name, b.unit_path::text AS unit_path,
		       b.rank, b.enrolled, b.not_started, b.in_progress, b.completed, b.hours::float8 AS hours,
		       b.quiz_taken, b.quiz_score::float8 AS quiz_score, b.quiz_passed, b.required::float8 AS required,
		       b.cycle_from, b.cycle_to, b.cycle_hours::float8 AS cycle_hours
		FROM b JOIN org_member_names n ON n.user_id = b.user_id JOIN org_unit_tree u ON u.id = b.unit_id
		WHERE ($3 = '' OR n.display_name ILIKE $3 OR n.username ILIKE $3)
	) x` + join + `
	WHERE ` + statusCond[q.Status] + `
	ORDER BY ` + strings.ReplaceAll(sortExpr[q.Sort], "%s", dir) + tail
}

// likePattern matches text containing s, wildcards in s taken literally.
func likePattern(s string) string {
	if s == "" {
		return ""
	}
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

func peoplePage(ctx context.Context, q db.DBTX, sc *Scope, query Query) ([]personScan, error) {
	rows, _ := q.Query(ctx, peopleSQL(query, activeOnly, " LIMIT $4 OFFSET $5", false),
		sc.Unit.Path, query.Year, likePattern(query.Search), query.PerPage, (query.Page-1)*query.PerPage)
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
func eachPerson(ctx context.Context, q db.DBTX, sc *Scope, query Query, fn func(*personScan) error) error {
	query.Sort, query.Desc = "unit", false
	rows, err := q.Query(ctx, peopleSQL(query, activeOnly, "", true), sc.Unit.Path, query.Year, likePattern(query.Search))
	if err != nil {
		return err
	}
	defer rows.Close()
	var p personScan
	scan := pgx.RowToStructByName[personScan]
	for rows.Next() {
		if p, err = scan(rows); err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// onePerson is a single person's figures, whatever their state.
func onePerson(ctx context.Context, q db.DBTX, userID int64, path string, year int) (*personScan, error) {
	rows, _ := q.Query(ctx, peopleSQL(Query{}, "AND m.user_id = $4", "", true), path, year, "", userID)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[personScan])
	return p, db.NotFound(err, "用户")
}
