package app

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/db"
	"lms/org"
)

// Admin is what the administration commands (migrate, user, import, seed
// scale) need: the database and the organisation. It opens neither the
// object store nor the search index, so it runs beside a serving process
// that holds the embedded index.
type Admin struct {
	Pool *pgxpool.Pool
	Org  *org.Service
}

// OpenAdmin connects to the database.
func OpenAdmin(ctx context.Context, cfg Config) (*Admin, error) {
	pool, err := db.OpenSized(ctx, cfg.DatabaseURL, PoolSize(0))
	if err != nil {
		return nil, err
	}
	return &Admin{Pool: pool, Org: org.NewService(pool)}, nil
}

// Close closes the pool.
func (a *Admin) Close() { a.Pool.Close() }
