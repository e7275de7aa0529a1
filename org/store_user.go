package org

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

const userSelect = `
	SELECT u.id, u.username, u.display_name, u.unit_id, un.name AS unit_name,
	       un.path::text AS unit_path, u.rank, u.phone, u.email, u.disabled,
	       u.must_change_password, u.created_at,
	       coalesce((SELECT json_agg(json_build_object('role', r.role,
	                   'scope_unit_id', coalesce(r.unit_id, 0), 'scope_name', coalesce(su.name, ''),
	                   'scope_path', coalesce(su.path::text, '')) ORDER BY r.role)
	                 FROM user_roles r LEFT JOIN units su ON su.id = r.unit_id
	                 WHERE r.user_id = u.id), '[]') AS roles
	FROM users u JOIN units un ON un.id = u.unit_id`

func collectUser(rows pgx.Rows) (*User, error) {
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[User])
	return u, db.NotFound(err, "用户")
}

func getUser(ctx context.Context, q db.DBTX, id int64) (*User, error) {
	rows, _ := q.Query(ctx, userSelect+` WHERE u.id = $1`, id)
	return collectUser(rows)
}

func getUserForUpdate(ctx context.Context, q db.DBTX, id int64) (*User, error) {
	rows, _ := q.Query(ctx, userSelect+` WHERE u.id = $1 FOR UPDATE OF u`, id)
	return collectUser(rows)
}

func getUserByName(ctx context.Context, q db.DBTX, username string) (*User, error) {
	rows, _ := q.Query(ctx, userSelect+` WHERE lower(u.username) = lower($1)`, username)
	return collectUser(rows)
}

func insertUser(ctx context.Context, q db.DBTX, in UserInput, hash string, mustChange bool) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO users (username, display_name, unit_id, rank, phone, email, password_hash, must_change_password)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		in.Username, in.DisplayName, in.UnitID, in.Rank, in.Phone, in.Email, hash, mustChange).Scan(&id)
	if db.IsUniqueViolation(err) {
		return 0, apperr.Conflictf("账号“%s”已存在", in.Username)
	}
	return id, err
}

func updateUserFields(ctx context.Context, q db.DBTX, id int64, p UserPatch) error {
	_, err := q.Exec(ctx, `
		UPDATE users SET
			display_name = coalesce($2, display_name),
			unit_id      = coalesce($3, unit_id),
			rank         = coalesce($4, rank),
			phone        = coalesce($5, phone),
			disabled     = coalesce($6, disabled),
			email        = coalesce($7, email),
			updated_at   = now()
		WHERE id = $1`, id, p.DisplayName, p.UnitID, p.Rank, p.Phone, p.Disabled, p.Email)
	return err
}

func replaceRoles(ctx context.Context, q db.DBTX, userID int64, roles []Grant) error {
	if _, err := q.Exec(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, g := range roles {
		var scope *int64
		if g.Role.Scoped() {
			scope = &g.ScopeUnitID
		}
		if _, err := q.Exec(ctx, `INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, $2, $3)`,
			userID, g.Role, scope); err != nil {
			return err
		}
	}
	return nil
}

func setPassword(ctx context.Context, q db.DBTX, userID int64, hash string, mustChange bool) error {
	_, err := q.Exec(ctx, `
		UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = now()
		WHERE id = $1`, userID, hash, mustChange)
	return err
}

func passwordHash(ctx context.Context, q db.DBTX, userID int64) (string, error) {
	var hash string
	err := q.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash)
	return hash, db.NotFound(err, "用户")
}

func deleteSessions(ctx context.Context, q db.DBTX, userID int64) error {
	_, err := q.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// listUsers pages through the users under any of scopes (everyone when all).
// The query matches account or name by substring, helped by a trigram index.
func listUsers(ctx context.Context, q db.DBTX, scopes []string, all bool, query string, page, per int) ([]User, int64, error) {
	where := ` WHERE ($1 OR un.path <@ $2::ltree[])
		AND ($3 = '' OR (u.username || ' ' || u.display_name) ILIKE '%' || $3 || '%')`
	var total int64
	err := q.QueryRow(ctx, `SELECT count(*) FROM users u JOIN units un ON un.id = u.unit_id`+where,
		all, scopes, escapeLike(query)).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	rows, _ := q.Query(ctx, userSelect+where+` ORDER BY un.path, u.username LIMIT $4 OFFSET $5`,
		all, scopes, escapeLike(query), per, (page-1)*per)
	users, err := pgx.CollectRows(rows, pgx.RowToStructByName[User])
	return users, total, err
}

func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

// LockAccounts takes the account lock of these people (FOR SHARE, in id
// order) in the caller's transaction. A change of an account (UpdateUser)
// holds it for update while the report sums move (org.Reporter); the
// report takes it before it moves the sums of people's study records, so
// that a move of the account waits for that change or that change for the
// move, and never both for each other's sums.
func LockAccounts(ctx context.Context, tx pgx.Tx, ids []int64) error {
	_, err := tx.Exec(ctx, `SELECT FROM users WHERE id = ANY($1) ORDER BY id FOR SHARE`, ids)
	return err
}

// ranksIn lists the distinct 职级 of the people in the subtree at path.
func ranksIn(ctx context.Context, q db.DBTX, path string) ([]string, error) {
	rows, _ := q.Query(ctx, `SELECT DISTINCT u.rank FROM users u JOIN units un ON un.id = u.unit_id
		WHERE un.path <@ $1::ltree AND u.rank <> ''`, path)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
