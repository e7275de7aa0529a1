package course

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// OtherCredit is a ledger entry not earned by an online course: a finished
// training class ("training"), an approved offline claim (its kind).
type OtherCredit struct {
	UserID int64
	Kind   string
	RefID  int64 // the class or claim that earned it
	Title  string
	Year   int
	Hours  float64
	On     time.Time
}

// CreditOther writes entries inside the caller's transaction, once per
// person, kind and ref: a second call for the same ones changes nothing.
// It reports how many were new.
func (s *Service) CreditOther(ctx context.Context, tx pgx.Tx, entries []OtherCredit) (int64, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	n := len(entries)
	users, refs, years := make([]int64, n), make([]int64, n), make([]int32, n)
	kinds, titles, hours, days := make([]string, n), make([]string, n), make([]float64, n), make([]time.Time, n)
	for i, e := range entries {
		users[i], refs[i], years[i], kinds[i], titles[i], hours[i], days[i] =
			e.UserID, e.RefID, int32(e.Year), e.Kind, e.Title, e.Hours, e.On
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO credit_ledger (user_id, kind, ref_id, title, year, hours, credited_on)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::float8[], $7::date[])
		ON CONFLICT (user_id, kind, ref_id) WHERE course_id IS NULL DO NOTHING`,
		users, kinds, refs, titles, years, hours, days)
	return tag.RowsAffected(), err
}

// CreditedFor sums, per person, the hours the ledger holds for the given
// courses, so a class that contains them can credit only the rest.
func (s *Service) CreditedFor(ctx context.Context, q db.DBTX, userIDs, courseIDs []int64) (map[int64]float64, error) {
	out := map[int64]float64{}
	if len(userIDs) == 0 || len(courseIDs) == 0 {
		return out, nil
	}
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

// OtherEntry is a ledger entry of the transcript that no online course
// earned, shown apart from online hours.
type OtherEntry struct {
	Kind       string    `json:"kind"`
	RefID      int64     `json:"ref_id"`
	Title      string    `json:"title"`
	CreditedAt time.Time `json:"credited_at"`
	Year       int       `json:"year"`
	Hours      float64   `json:"hours"`
}

func otherEntries(ctx context.Context, q db.DBTX, userID int64, from, to int) ([]OtherEntry, error) {
	rows, _ := q.Query(ctx, `
		SELECT kind, ref_id, title, credited_at, year, hours::float8 AS hours FROM credit_ledger
		WHERE user_id = $1 AND course_id IS NULL AND year BETWEEN $2 AND $3 ORDER BY credited_at`, userID, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[OtherEntry])
}

// UncreditOther takes back an entry written by CreditOther (a 结业
// corrected to 未结业), inside the caller's transaction.
func (s *Service) UncreditOther(ctx context.Context, tx pgx.Tx, userID int64, kind string, refID int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM credit_ledger WHERE user_id = $1 AND kind = $2 AND ref_id = $3 AND course_id IS NULL`,
		userID, kind, refID)
	return err
}
