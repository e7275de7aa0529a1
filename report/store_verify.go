package report

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// summary is one pre-aggregated table: what it holds (stored, all-zero
// rows left out: they are what "no row" means) and what the raw records
// say it should hold (expected), column for column.
type summary struct {
	table, cols, stored, expected string
}

const bestQuiz = `SELECT user_id, quiz_id, report_year(submitted_at) AS year, max(course_id) AS course_id,
	coalesce(max(score), 0)::numeric(6,2) AS score, bool_or(passed) AS passed
	FROM quiz_attempt_facts GROUP BY 1, 2, 3`

// active are the people whose figures count under their unit.
const active = `(SELECT user_id, unit_id FROM org_members WHERE NOT disabled)`

var summaries = []summary{{
	table: "report_quiz_best", cols: "user_id, quiz_id, year, course_id, score, passed",
	stored:   `SELECT user_id, quiz_id, year, course_id, score, passed FROM report_quiz_best`,
	expected: bestQuiz,
}, {
	table: "report_person_year",
	cols:  "user_id, year, enrolled, not_started, in_progress, completed, hours, quiz_taken, quiz_score, quiz_passed",
	stored: `SELECT user_id, year, enrolled, not_started, in_progress, completed, hours, quiz_taken, quiz_score, quiz_passed
		FROM report_person_year WHERE (enrolled, not_started, in_progress, completed, hours, quiz_taken, quiz_score, quiz_passed)
		<> (0, 0, 0, 0, 0, 0, 0, 0)`,
	expected: `
		WITH e AS (
			SELECT user_id, year, count(*) AS enrolled, count(*) FILTER (WHERE state = 'not_started') AS not_started,
			       count(*) FILTER (WHERE state = 'in_progress') AS in_progress,
			       count(*) FILTER (WHERE state = 'completed') AS completed, coalesce(sum(credited_hours), 0) AS hours
			FROM course_enrollment_facts GROUP BY 1, 2),
		q AS (SELECT user_id, year, count(*) AS taken, sum(score) AS score, count(*) FILTER (WHERE passed) AS passed
		      FROM (` + bestQuiz + `) b GROUP BY 1, 2)
		SELECT coalesce(e.user_id, q.user_id), coalesce(e.year, q.year), coalesce(e.enrolled, 0)::int,
		       coalesce(e.not_started, 0)::int, coalesce(e.in_progress, 0)::int, coalesce(e.completed, 0)::int,
		       coalesce(e.hours, 0)::numeric(12,2), coalesce(q.taken, 0)::int, coalesce(q.score, 0)::numeric(14,2),
		       coalesce(q.passed, 0)::int
		FROM e FULL JOIN q ON q.user_id = e.user_id AND q.year = e.year`,
}, {
	table: "report_unit_course",
	cols:  "unit_id, course_id, year, due_at, enrolled, not_started, in_progress, completed, done_seconds",
	stored: `SELECT unit_id, course_id, year, due_at, enrolled, not_started, in_progress, completed, done_seconds
		FROM report_unit_course WHERE (enrolled, not_started, in_progress, completed, done_seconds) <> (0, 0, 0, 0, 0)`,
	expected: `
		SELECT m.unit_id, f.course_id, f.year, coalesce(f.due_at, 'infinity'), count(*)::int,
		       count(*) FILTER (WHERE f.state = 'not_started')::int, count(*) FILTER (WHERE f.state = 'in_progress')::int,
		       count(*) FILTER (WHERE f.state = 'completed')::int,
		       coalesce(sum(extract(epoch FROM f.completed_at - f.enrolled_at))
		                FILTER (WHERE f.state = 'completed' AND f.completed_at IS NOT NULL), 0)
		FROM course_enrollment_facts f JOIN ` + active + ` m ON m.user_id = f.user_id
		GROUP BY 1, 2, 3, 4`,
}, {
	table: "report_unit_course_credit",
	cols:  "unit_id, course_id, year, hours, quiz_taken, quiz_score, quiz_passed",
	stored: `SELECT unit_id, course_id, year, hours, quiz_taken, quiz_score, quiz_passed FROM report_unit_course_credit
		WHERE (hours, quiz_taken, quiz_score, quiz_passed) <> (0, 0, 0, 0)`,
	expected: `
		WITH h AS (
			SELECT m.unit_id, f.course_id, f.year, sum(f.credited_hours) AS hours
			FROM course_enrollment_facts f JOIN ` + active + ` m ON m.user_id = f.user_id
			WHERE f.credited_hours IS NOT NULL GROUP BY 1, 2, 3),
		q AS (
			SELECT m.unit_id, b.course_id, b.year, count(*) AS taken, sum(b.score) AS score,
			       count(*) FILTER (WHERE b.passed) AS passed
			FROM (` + bestQuiz + `) b JOIN ` + active + ` m ON m.user_id = b.user_id
			WHERE b.course_id IS NOT NULL GROUP BY 1, 2, 3)
		SELECT * FROM (
			SELECT coalesce(h.unit_id, q.unit_id), coalesce(h.course_id, q.course_id), coalesce(h.year, q.year),
			       coalesce(h.hours, 0)::numeric(14,2) AS hours, coalesce(q.taken, 0)::int AS taken,
			       coalesce(q.score, 0)::numeric(14,2) AS score, coalesce(q.passed, 0)::int AS passed
			FROM h FULL JOIN q ON q.unit_id = h.unit_id AND q.course_id = h.course_id AND q.year = h.year) x
		WHERE (hours, taken, score, passed) <> (0, 0, 0, 0)`,
}, {
	table: "report_unit_month", cols: "unit_id, year, month, completed",
	stored: `SELECT unit_id, year, month, completed FROM report_unit_month WHERE completed <> 0`,
	expected: `
		SELECT m.unit_id, f.year, report_month(f.completed_at), count(*)::int
		FROM course_enrollment_facts f JOIN ` + active + ` m ON m.user_id = f.user_id
		WHERE f.state = 'completed' AND f.completed_at IS NOT NULL GROUP BY 1, 2, 3`,
}}

// mismatches counts the rows where stored and expected differ, both ways.
func mismatches(ctx context.Context, q db.DBTX, s summary) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, fmt.Sprintf(`
		SELECT (SELECT count(*) FROM ((%[1]s) EXCEPT ALL (%[2]s)) a) + (SELECT count(*) FROM ((%[2]s) EXCEPT ALL (%[1]s)) b)`,
		s.stored, s.expected)).Scan(&n)
	return n, err
}

// rebuild replaces a table's rows with what the raw records say. The
// caller holds the table locked against the triggers.
func rebuild(ctx context.Context, tx pgx.Tx, s summary) error {
	if _, err := tx.Exec(ctx, `DELETE FROM `+s.table); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+s.table+` (`+s.cols+`) `+s.expected)
	return err
}
