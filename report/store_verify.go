package report

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// summary is one pre-aggregated table, its columns, and the condition of
// the rows that hold figures: an all-zero row means the same as no row.
// What it must hold is the view report_expected_<name> (migration 00006).
type summary struct {
	name, cols, nonzero string
}

var summaries = []summary{
	{"unit_rank", "unit_id, rank, people", "people <> 0"},
	{"quiz_best", "user_id, quiz_id, year, course_id, score, passed", "true"},
	{"person_year", "user_id, year, unit_id, rank, active, enrolled, not_started, in_progress, completed, hours, " +
		"quiz_taken, quiz_score, quiz_passed, offline_hours",
		"(enrolled, not_started, in_progress, completed, hours, quiz_taken, quiz_score, quiz_passed, offline_hours) <> " +
			"(0, 0, 0, 0, 0, 0, 0, 0, 0)"},
	{"unit_course", "unit_id, course_id, year, due_at, enrolled, not_started, in_progress, completed, done_seconds",
		"(enrolled, not_started, in_progress, completed, done_seconds) <> (0, 0, 0, 0, 0)"},
	{"unit_due", "unit_id, year, due_at, enrolled, not_started, in_progress, completed",
		"(enrolled, not_started, in_progress, completed) <> (0, 0, 0, 0)"},
	{"unit_course_credit", "unit_id, course_id, year, hours, quiz_taken, quiz_score, quiz_passed",
		"(hours, quiz_taken, quiz_score, quiz_passed) <> (0, 0, 0, 0)"},
	{"unit_month", "unit_id, year, month, completed", "completed <> 0"},
}

func (s summary) table() string { return "report_" + s.name }

// mismatches counts the rows where the table and what it must hold
// differ, both ways.
func mismatches(ctx context.Context, q db.DBTX, s summary) (int64, error) {
	stored := fmt.Sprintf(`SELECT %s FROM %s WHERE %s`, s.cols, s.table(), s.nonzero)
	expected := fmt.Sprintf(`SELECT %s FROM report_expected_%s WHERE %s`, s.cols, s.name, s.nonzero)
	var n int64
	err := q.QueryRow(ctx, fmt.Sprintf(`
		SELECT (SELECT count(*) FROM ((%[1]s) EXCEPT ALL (%[2]s)) a) + (SELECT count(*) FROM ((%[2]s) EXCEPT ALL (%[1]s)) b)`,
		stored, expected)).Scan(&n)
	return n, err
}

// rebuild replaces a table's rows with what it must hold. The caller holds
// the table locked against the report's hooks.
func rebuild(ctx context.Context, tx pgx.Tx, s summary) error {
	if _, err := tx.Exec(ctx, `DELETE FROM `+s.table()); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %[2]s FROM report_expected_%s WHERE %s`,
		s.table(), s.cols, s.name, s.nonzero))
	return err
}

// oneSnapshot makes the transaction read one snapshot, and only read.
func oneSnapshot(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`)
	return err
}

// lockSummary keeps the report's hooks off the table until the transaction
// ends; readers go on.
func lockSummary(ctx context.Context, tx pgx.Tx, s summary) error {
	_, err := tx.Exec(ctx, `LOCK TABLE `+s.table()+` IN SHARE ROW EXCLUSIVE MODE`)
	return err
}
