package org

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func copyScaleUnits(ctx context.Context, tx pgx.Tx, units []ScaleUnit) error {
	rows := make([][]any, len(units))
	for i, u := range units {
		var parent any
		if u.Level > 0 {
			parent = u.Parent
		}
		rows[i] = []any{u.ID, parent, u.Name, u.Kind, u.Path}
	}
	return db.CopyWithIDs(ctx, tx, "units", []string{"id", "parent_id", "name", "kind", "path"}, rows)
}

// copyScaleUsers copies the people, all learners, with an admin over the
// group and a committee member over a company.
func copyScaleUsers(ctx context.Context, tx pgx.Tx, rows [][]any, admin, group, committee, company int64) error {
	err := db.CopyWithIDs(ctx, tx, "users", []string{"id", "username", "display_name", "unit_id", "rank", "phone",
		"password_hash"}, rows)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO user_roles (user_id, role, unit_id)
		SELECT id, 'learner', NULL FROM seed_users
		UNION ALL VALUES ($1::bigint, 'admin', $2::bigint), ($3, 'committee', $4)`, admin, group, committee, company)
	return err
}

// ScaleExists reports whether `lms seed scale` has loaded its group.
func ScaleExists(ctx context.Context, q db.DBTX) (bool, error) {
	var exists bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE parent_id IS NULL AND name = $1)`,
		ScaleRootName).Scan(&exists)
	return exists, err
}

// ScaleIDs returns the ids the benchmark asks for: the generated group
// and its first company.
func ScaleIDs(ctx context.Context, q db.DBTX) (root, company int64, err error) {
	err = q.QueryRow(ctx, `SELECT r.id, (SELECT min(id) FROM units WHERE parent_id = r.id)
		FROM units r WHERE r.parent_id IS NULL AND r.name = $1`, ScaleRootName).Scan(&root, &company)
	return root, company, err
}
