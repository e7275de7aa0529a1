package org

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// existingUsers maps the lower-cased usernames of rows that already exist to
// the unit path of their account.
func existingUsers(ctx context.Context, q db.DBTX, rows []RosterRow) (map[string]string, error) {
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = strings.ToLower(strings.TrimSpace(r.Username))
	}
	res, _ := q.Query(ctx, `
		SELECT lower(u.username), un.path::text FROM users u JOIN units un ON un.id = u.unit_id
		WHERE lower(u.username) = ANY($1)`, names)
	out := map[string]string{}
	var name, path string
	_, err := pgx.ForEachRow(res, []any{&name, &path}, func() error {
		out[name] = path
		return nil
	})
	return out, err
}

// stageImport writes checked rows through COPY into a staging table.
func stageImport(ctx context.Context, tx pgx.Tx, rows []importRow) error {
	_, err := tx.Exec(ctx, `CREATE TEMP TABLE import_rows (
		username text, display_name text, unit_id bigint, rank text, phone text, email text, roles text[]
	) ON COMMIT DROP`)
	if err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"import_rows"},
		[]string{"username", "display_name", "unit_id", "rank", "phone", "email", "roles"},
		pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			r := rows[i]
			return []any{r.Username, r.Name, r.unitID, r.Rank, r.Phone, r.Email, r.roles}, nil
		}))
	return err
}

// lockImported locks the staged accounts that exist, and returns them.
func lockImported(ctx context.Context, tx pgx.Tx) ([]int64, error) {
	rows, _ := tx.Query(ctx, `SELECT u.id FROM users u JOIN import_rows i ON lower(u.username) = lower(i.username)
		ORDER BY u.id FOR UPDATE OF u`)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// updateImported rewrites the existing accounts from the staged rows. An
// empty email cell (or no such column) keeps the address on file.
func updateImported(ctx context.Context, tx pgx.Tx, ids []int64) error {
	_, err := tx.Exec(ctx, `UPDATE users u SET display_name = i.display_name, unit_id = i.unit_id,
		rank = i.rank, phone = i.phone, email = coalesce(nullif(i.email, ''), u.email), updated_at = now()
		FROM import_rows i WHERE lower(u.username) = lower(i.username) AND u.id = ANY ($1)`, ids)
	return err
}

// insertImported creates the staged accounts that do not exist, and
// returns them.
func insertImported(ctx context.Context, tx pgx.Tx, hash string) ([]int64, error) {
	rows, _ := tx.Query(ctx, `
		INSERT INTO users (username, display_name, unit_id, rank, phone, email, password_hash, must_change_password)
		SELECT username, display_name, unit_id, rank, phone, email, $1, true FROM import_rows
		ON CONFLICT ((lower(username))) DO NOTHING RETURNING id`, hash)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// replaceImportedRoles gives the staged accounts the roles of their rows,
// where a row names any.
func replaceImportedRoles(ctx context.Context, tx pgx.Tx) error {
	for _, sql := range []string{
		`DELETE FROM user_roles r USING users u, import_rows i
		 WHERE r.user_id = u.id AND lower(u.username) = lower(i.username) AND cardinality(i.roles) > 0`,
		`INSERT INTO user_roles (user_id, role, unit_id)
		 SELECT u.id, x.role, CASE WHEN x.role IN ('committee', 'admin') THEN u.unit_id END
		 FROM import_rows i JOIN users u ON lower(u.username) = lower(i.username)
		 CROSS JOIN LATERAL unnest(i.roles) AS x(role)
		 ON CONFLICT DO NOTHING`,
	} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}
