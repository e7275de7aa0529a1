package org

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// What other features read of accounts: names, ids and members.

func displayNames(ctx context.Context, q db.DBTX, ids []int64) (map[int64]string, error) {
	rows, err := q.Query(ctx, `SELECT id, display_name FROM users WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

func activeIDsByUsername(ctx context.Context, q db.DBTX, lower []string) (map[string]int64, error) {
	rows, err := q.Query(ctx, `SELECT lower(username), id FROM users WHERE lower(username) = ANY($1) AND NOT disabled`, lower)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]int64, len(lower))
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return nil, err
		}
		out[name] = id
	}
	return out, rows.Err()
}

func scopeHolders(ctx context.Context, q db.DBTX, unitID int64, roles []string) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT DISTINCT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.unit_id = $1 AND r.role = ANY($2) AND NOT u.disabled ORDER BY r.user_id`, unitID, roles)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

const memberSelect = `SELECT u.id, u.username, u.display_name, u.unit_id, un.name AS unit_name,
	un.path::text AS unit_path FROM users u JOIN units un ON un.id = u.unit_id`

func membersOf(ctx context.Context, q db.DBTX, unitIDs []int64) ([]Member, error) {
	rows, _ := q.Query(ctx, memberSelect+` WHERE u.unit_id = ANY($1) AND NOT u.disabled
		ORDER BY un.path, u.username`, unitIDs)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Member])
}

func membersByID(ctx context.Context, q db.DBTX, ids []int64) ([]Member, error) {
	rows, _ := q.Query(ctx, memberSelect+` WHERE u.id = ANY($1) AND NOT u.disabled ORDER BY u.id`, ids)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Member])
}

func unitsUnder(ctx context.Context, q db.DBTX, path string) ([]Unit, error) {
	rows, _ := q.Query(ctx, `SELECT `+unitCols+`, (SELECT count(*) FROM users x WHERE x.unit_id = u.id
		AND NOT x.disabled) AS user_count FROM units u WHERE u.path <@ $1::ltree ORDER BY u.path`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
}
