package course

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// The ledger's entries that no online course earned (classes, claims).

// otherMove is an offline entry as the report learns of it: written (its
// hours) or taken back (its hours negated), as the ledger stores them.
type otherMove struct {
	UserID int64   `db:"user_id"`
	Year   int     `db:"year"`
	Hours  float64 `db:"hours"`
}

// insertOtherCredits returns the entries that were new: a repeated one
// (ON CONFLICT) is not returned, so the report counts it once.
func insertOtherCredits(ctx context.Context, q db.DBTX, users []int64, kinds []string, refs []int64,
	titles []string, years []int32, hours []float64, days []time.Time) ([]otherMove, error) {
	rows, _ := q.Query(ctx, `
		INSERT INTO credit_ledger (user_id, kind, ref_id, title, year, hours, credited_on)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::float8[], $7::date[])
		ON CONFLICT (user_id, kind, ref_id) WHERE course_id IS NULL DO NOTHING
		RETURNING user_id, year, hours::float8 AS hours`,
		users, kinds, refs, titles, years, hours, days)
	return pgx.CollectRows(rows, pgx.RowToStructByName[otherMove])
}

// creditedFor adds to out each person's hours credited for the courses.
func creditedFor(ctx context.Context, q db.DBTX, userIDs, courseIDs []int64, out map[int64]float64) (map[int64]float64, error) {
	rows, err := q.Query(ctx, `SELECT user_id, sum(hours)::float8 FROM credit_ledger
		WHERE user_id = ANY($1) AND course_id = ANY($2) GROUP BY 1`, userIDs, courseIDs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h float64
		if err := rows.Scan(&id, &h); err != nil {
			return nil, err
		}
		out[id] = h
	}
	return out, rows.Err()
}

func otherEntries(ctx context.Context, q db.DBTX, userID int64, from, to int) ([]OtherEntry, error) {
	rows, _ := q.Query(ctx, `
		SELECT kind, ref_id, title, credited_at, year, hours::float8 AS hours FROM credit_ledger
		WHERE user_id = $1 AND course_id IS NULL AND year BETWEEN $2 AND $3 ORDER BY credited_at`, userID, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[OtherEntry])
}

// deleteOtherCredit returns what it removed, negated, for the report.
func deleteOtherCredit(ctx context.Context, q db.DBTX, userID int64, kind string, refID int64) ([]otherMove, error) {
	rows, _ := q.Query(ctx, `DELETE FROM credit_ledger WHERE user_id = $1 AND kind = $2 AND ref_id = $3 AND course_id IS NULL
		RETURNING user_id, year, -hours::float8 AS hours`, userID, kind, refID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[otherMove])
}
