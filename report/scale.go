package report

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// LoadScale runs a bulk load of the other features' rows (`lms seed
// scale`), which bypasses the services and so the report's hooks, inside
// tx, then computes the sums once from everything loaded: a fraction of
// the time of summing a hundred thousand rows at a time.
func LoadScale(ctx context.Context, tx pgx.Tx, load func() error, step db.Step) error {
	if err := load(); err != nil {
		return err
	}
	return step("report sums", func() error { return NewService(tx).Rebuild(ctx) })
}
