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
	moved, err := insertOtherCredits(ctx, tx, users, kinds, refs, titles, years, hours, days)
	if err != nil {
		return 0, err
	}
	return int64(len(moved)), s.reportOther(ctx, tx, moved)
}

// CreditedFor sums, per person, the hours the ledger holds for the given
// courses, so a class that contains them can credit only the rest.
func (s *Service) CreditedFor(ctx context.Context, q db.DBTX, userIDs, courseIDs []int64) (map[int64]float64, error) {
	out := map[int64]float64{}
	if len(userIDs) == 0 || len(courseIDs) == 0 {
		return out, nil
	}
	return creditedFor(ctx, q, userIDs, courseIDs, out)
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

// UncreditOther takes back an entry written by CreditOther (a 结业
// corrected to 未结业), inside the caller's transaction.
func (s *Service) UncreditOther(ctx context.Context, tx pgx.Tx, userID int64, kind string, refID int64) error {
	moved, err := deleteOtherCredit(ctx, tx, userID, kind, refID)
	if err != nil {
		return err
	}
	return s.reportOther(ctx, tx, moved)
}
