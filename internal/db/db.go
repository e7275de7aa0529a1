// Package db holds the PostgreSQL plumbing shared by the domain packages: the
// DBTX interface their stores take, pool set-up and transactions.
package db

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/apperr"
)

// DBTX is what a store function needs: a pool or a transaction.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error)
	Begin(ctx context.Context) (pgx.Tx, error)
}

// DefaultMaxConns is the pool size unless the URL sets pool_max_conns:
// pgx's default (the number of CPUs, at least 4) is too few for a server
// whose HTTP handlers, heartbeat batches and job workers share the pool.
const DefaultMaxConns = 32

// Open connects a pool of DefaultMaxConns and checks the server answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	return OpenSized(ctx, url, DefaultMaxConns)
}

// OpenSized is Open with another pool size; pool_max_conns in the URL
// still wins.
func OpenSized(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("LMS_DATABASE_URL is not a valid PostgreSQL URL: %v", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s:%d: %v", cfg.ConnConfig.Host, cfg.ConnConfig.Port, rootCause(err))
	}
	return pool, nil
}

func rootCause(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr
	}
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// InTx runs fn in a transaction on db, committing when fn returns nil.
func InTx(ctx context.Context, db DBTX, fn func(tx pgx.Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Attempts is how often a transaction that lost a deadlock is run in all.
const Attempts = 5

// InTxRetry is InTx for transactions that may lose a deadlock to the
// heartbeat and completion writers (they lock accounts and report sums in
// another order): the loser is run again after RetryPause, up to Attempts
// times in all. fn must have no effect outside the transaction.
func InTxRetry(ctx context.Context, db DBTX, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := range Attempts {
		if err = InTx(ctx, db, fn); !Retryable(err) || attempt == Attempts-1 {
			return err
		}
		RetryPause(attempt)
	}
	return err
}

// RetryPause waits a little, longer and at random after each lost attempt:
// two transactions that deadlocked and start again at once tend to meet in
// the same order again.
func RetryPause(attempt int) {
	base := time.Duration(attempt+1) * 5 * time.Millisecond
	time.Sleep(base + rand.N(3*base))
}

// Retryable reports whether err is a deadlock or serialization failure,
// after which the whole transaction may simply run again.
func Retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}

// NotFound maps pgx.ErrNoRows to an apperr NotFound error naming what.
func NotFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.NotFoundf("%s不存在", what)
	}
	return err
}

// IsUniqueViolation reports whether err is a unique-constraint violation.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
