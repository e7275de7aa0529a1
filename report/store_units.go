package report

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// group is one group's sums: a child of the scope (or the scope's own
// members), a single unit, or a bucket, as ByUnit and Bucket say.
type group struct {
	Key    int64 `db:"key"`
	ByUnit bool  `db:"by_unit"`
	Bucket bool  `db:"is_bucket"`
	Counts
}

func collectGroups(rows pgx.Rows, err error) ([]group, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[group])
}

// scopeArgs are the parameters every grouped query starts with.
func scopeArgs(sc *Scope, year int) []any {
	return []any{sc.Unit.Path, sc.level, sc.Unit.ID, year}
}

// enrollGroups sums enrollments per child of the scope, and with perUnit
// also per single unit (for the units furthest behind). courses nil: all.
// Overdue is computed here, against now: open enrollments due before it.
func enrollGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64, now time.Time, perUnit bool) ([]group, error) {
	sets, keys := "(grp)", "false AS by_unit, grp AS key"
	if perUnit {
		sets = "(grp), (unit_id)"
		keys = "grouping(unit_id) = 0 AS by_unit, CASE WHEN grouping(unit_id) = 0 THEN unit_id ELSE grp END AS key"
	}
	rows, err := q.Query(ctx, `
		SELECT `+keys+`,
		       sum(enrolled) AS enrolled, sum(not_started) AS not_started, sum(in_progress) AS in_progress,
		       sum(completed) AS completed, coalesce(sum(enrolled - completed) FILTER (WHERE due_at < $5), 0) AS overdue
		FROM (SELECT t.*, `+childGroup("u.path", "$2", "$3")+` AS grp
		      FROM report_unit_course t JOIN org_unit_tree u ON u.id = t.unit_id
		      WHERE t.year = $4 AND u.path <@ $1::ltree AND ($6::bigint[] IS NULL OR t.course_id = ANY($6))) t
		GROUP BY GROUPING SETS (`+sets+`)`, append(scopeArgs(sc, year), now, courses)...)
	return collectGroups(rows, err)
}

// creditGroups sums credited hours and quiz results of some courses per
// child of the scope.
func creditGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, courses []int64) ([]group, error) {
	rows, err := q.Query(ctx, `
		SELECT `+childGroup("u.path", "$2", "$3")+` AS key, sum(t.hours)::float8 AS hours,
		       sum(t.quiz_taken) AS quiz_taken, sum(t.quiz_score)::float8 AS quiz_score, sum(t.quiz_passed) AS quiz_passed
		FROM report_unit_course_credit t JOIN org_unit_tree u ON u.id = t.unit_id
		WHERE t.year = $4 AND u.path <@ $1::ltree AND t.course_id = ANY($5)
		GROUP BY 1`, append(scopeArgs(sc, year), courses)...)
	return collectGroups(rows, err)
}

// Buckets of the hours distribution: hours in the requirement's cycle
// against the requirement.
const (
	BucketNoRequirement = iota
	BucketNone          // no hours yet
	BucketUnderHalf     // below half the requirement
	BucketOverHalf      // half or more, not yet all
	BucketMet           // requirement met
)

// peopleGroups sums the people of the scope per child: head count, hours,
// requirement and quiz figures; with buckets also per bucket of the hours
// distribution (Key is the bucket).
func peopleGroups(ctx context.Context, q db.DBTX, sc *Scope, year int, buckets bool) ([]group, error) {
	sets, keys := "(grp)", "false AS is_bucket, grp AS key"
	if buckets {
		sets = "(grp), (bucket)"
		keys = "grouping(grp) = 1 AS is_bucket, CASE WHEN grouping(grp) = 1 THEN bucket ELSE grp END AS key"
	}
	rows, err := q.Query(ctx, `
		WITH b AS (`+personBase(activeOnly)+`)
		SELECT `+keys+`,
		       count(*) AS people, sum(hours)::float8 AS hours, count(required) AS with_requirement,
		       count(*) FILTER (WHERE cycle_hours < required) AS below_requirement,
		       sum(quiz_taken) AS quiz_taken, sum(quiz_score)::float8 AS quiz_score, sum(quiz_passed) AS quiz_passed
		FROM (SELECT b.*, `+childGroup("b.unit_path", "$3", "$4")+` AS grp,
		             CASE WHEN required IS NULL THEN 0 WHEN cycle_hours <= 0 THEN 1
		                  WHEN cycle_hours * 2 < required THEN 2 WHEN cycle_hours < required THEN 3 ELSE 4 END AS bucket
		      FROM b) x
		GROUP BY GROUPING SETS (`+sets+`)`, sc.Unit.Path, year, sc.level, sc.Unit.ID)
	return collectGroups(rows, err)
}
