package report

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// LoadScale runs a bulk load of the other features' rows (`lms seed
// scale`) with the report's sum-keeping triggers off, inside tx so a
// failed load leaves them on, then computes the sums once from everything
// loaded: a fraction of the time of summing a hundred thousand rows at a
// time.
func LoadScale(ctx context.Context, tx pgx.Tx, load func() error, step db.Step) error {
	if err := setSumTriggers(ctx, tx, "DISABLE"); err != nil {
		return err
	}
	if err := load(); err != nil {
		return err
	}
	if err := setSumTriggers(ctx, tx, "ENABLE"); err != nil {
		return err
	}
	return step("report sums", func() error { return NewService(tx).Rebuild(ctx) })
}
