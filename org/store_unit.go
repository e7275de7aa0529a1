package org

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

const unitCols = `u.id, u.parent_id, u.name, u.kind, u.path::text AS path`

func getUnit(ctx context.Context, q db.DBTX, id int64) (*Unit, error) {
	rows, _ := q.Query(ctx, `SELECT `+unitCols+`, 0::bigint AS user_count FROM units u WHERE u.id = $1`, id)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByNameLax[Unit])
	return u, db.NotFound(err, "组织")
}

func insertUnit(ctx context.Context, q db.DBTX, parentID int64, parentPath, name, kind string) (*Unit, error) {
	var parent *int64
	if parentID != 0 {
		parent = &parentID
	}
	prefix := ""
	if parentPath != "" {
		prefix = parentPath + "."
	}
	var id int64
	var path string
	err := q.QueryRow(ctx, `
		INSERT INTO units (id, parent_id, name, kind, path) OVERRIDING SYSTEM VALUE
		SELECT n, $1, $2, $3, ($4 || 'u' || n)::ltree
		FROM (SELECT nextval(pg_get_serial_sequence('units', 'id')) AS n) s
		RETURNING id, path::text`, parent, name, kind, prefix).Scan(&id, &path)
	if db.IsUniqueViolation(err) {
		return nil, apperr.Conflictf("同一上级组织下已有名为“%s”的组织", name)
	}
	if err != nil {
		return nil, err
	}
	return &Unit{ID: id, ParentID: parent, Name: name, Kind: kind, Path: path}, nil
}

func updateUnitName(ctx context.Context, q db.DBTX, id int64, name, kind string) error {
	_, err := q.Exec(ctx, `UPDATE units SET name = $2, kind = $3 WHERE id = $1`, id, name, kind)
	if db.IsUniqueViolation(err) {
		return apperr.Conflictf("同一上级组织下已有名为“%s”的组织", name)
	}
	return err
}

func moveSubtree(ctx context.Context, q db.DBTX, u, parent *Unit) error {
	_, err := q.Exec(ctx, `UPDATE units SET parent_id = $2 WHERE id = $1`, u.ID, parent.ID)
	if db.IsUniqueViolation(err) {
		return apperr.Conflictf("目标组织下已有名为“%s”的组织", u.Name)
	}
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `
		UPDATE units SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1)
		WHERE path <@ $1::ltree`, u.Path, parent.Path)
	return err
}

// listUnits returns the units under any of scopes (all when all is set),
// ordered so that a parent comes before its children.
func listUnits(ctx context.Context, q db.DBTX, scopes []string, all bool) ([]Unit, error) {
	rows, _ := q.Query(ctx, `
		SELECT `+unitCols+`, coalesce(c.n, 0) AS user_count
		FROM units u
		LEFT JOIN (SELECT unit_id, count(*) AS n FROM users GROUP BY unit_id) c ON c.unit_id = u.id
		WHERE $2 OR u.path <@ $1::ltree[]
		ORDER BY u.path`, scopes, all)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
}

func unitNames(ctx context.Context, q db.DBTX, path string) ([]string, error) {
	rows, _ := q.Query(ctx, `
		SELECT name FROM units WHERE path @> $1::ltree ORDER BY nlevel(path)`, path)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// unitIndex maps "集团/党委/第一党支部" name paths to units, for imports.
func unitIndex(ctx context.Context, q db.DBTX) (map[string]*Unit, error) {
	units, err := listUnits(ctx, q, nil, true)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]string, len(units))
	index := make(map[string]*Unit, len(units))
	for i := range units {
		u := &units[i]
		name := u.Name
		if u.ParentID != nil {
			name = byID[*u.ParentID] + "/" + u.Name
		}
		byID[u.ID] = name
		index[name] = u
	}
	return index, nil
}
