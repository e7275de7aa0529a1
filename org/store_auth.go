package org

import (
	"context"
	"time"

	"lms/internal/db"
)

func userWithHash(ctx context.Context, q db.DBTX, username string) (*User, string, error) {
	u, err := getUserByName(ctx, q, username)
	if err != nil {
		return nil, "", err
	}
	hash, err := passwordHash(ctx, q, u.ID)
	return u, hash, err
}

// failureCounts are the failures counted against one attempt's keys: the
// pair and the address within the short window, the account within the hour.
type failureCounts struct{ pair, address, account int }

func countFailures(ctx context.Context, q db.DBTX, k throttleKeys, short, long time.Time) (n failureCounts, err error) {
	err = q.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE key = $1 AND at > $4), count(*) FILTER (WHERE key = $2 AND at > $4),
		       count(*) FILTER (WHERE key = $3)
		FROM login_failures WHERE key IN ($1, $2, $3) AND at > $5`,
		k.pair, k.address, k.account, short, long).Scan(&n.pair, &n.address, &n.account)
	return n, err
}

func recordFailure(ctx context.Context, q db.DBTX, k throttleKeys, at time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $4), ($2, $4), ($3, $4)`,
		k.pair, k.address, k.account, at)
	return err
}

func clearFailures(ctx context.Context, q db.DBTX, key string) error {
	_, err := q.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key)
	return err
}

func insertSession(ctx context.Context, q db.DBTX, hash []byte, userID int64, ip, ua string) error {
	_, err := q.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, ip, user_agent) VALUES ($1, $2, $3, $4)`,
		hash, userID, ip, ua)
	return err
}

func getSession(ctx context.Context, q db.DBTX, hash []byte) (created, seen time.Time, userID int64, err error) {
	err = q.QueryRow(ctx, `SELECT created_at, last_seen_at, user_id FROM sessions WHERE token_hash = $1`,
		hash).Scan(&created, &seen, &userID)
	return created, seen, userID, err
}

func touchSession(ctx context.Context, q db.DBTX, hash []byte) error {
	_, err := q.Exec(ctx, `UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1`, hash)
	return err
}

func deleteSession(ctx context.Context, q db.DBTX, hash []byte) error {
	_, err := q.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash)
	return err
}

func insertAPIToken(ctx context.Context, q db.DBTX, userID int64, name string, hash []byte) error {
	_, err := q.Exec(ctx, `INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)`, userID, name, hash)
	return err
}

// useAPIToken finds a token's owner, noting its use at most once a minute.
// useAPIToken returns the token's owner and notes its use, at most once a
// minute: a script's token is looked up again every few seconds.
func useAPIToken(ctx context.Context, q db.DBTX, hash []byte) (int64, error) {
	var userID int64
	var stale bool
	err := q.QueryRow(ctx, `SELECT user_id, last_used_at IS NULL OR last_used_at < now() - interval '1 minute'
		FROM api_tokens WHERE token_hash = $1`, hash).Scan(&userID, &stale)
	if err != nil || !stale {
		return userID, err
	}
	_, err = q.Exec(ctx, `UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1`, hash)
	return userID, err
}

// purgeExpired removes sessions past their absolute life and stale failures.
func purgeExpired(ctx context.Context, q db.DBTX, maxAge, idle time.Duration) (int64, error) {
	tag, err := q.Exec(ctx, `DELETE FROM sessions WHERE created_at < now() - make_interval(secs => $1)
		OR last_seen_at < now() - make_interval(secs => $2)`, maxAge.Seconds(), idle.Seconds())
	if err != nil {
		return 0, err
	}
	_, err = q.Exec(ctx, `DELETE FROM login_failures WHERE at < now() - interval '1 day'`)
	return tag.RowsAffected(), err
}
