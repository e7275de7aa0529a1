package report

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const unitCols = `id, parent_id, name, kind, path::text AS path`

func getUnit(ctx context.Context, q db.DBTX, id int64) (*Unit, int, error) {
	var u Unit
	var level int
	err := q.QueryRow(ctx, `SELECT id, parent_id, name, kind, path::text, nlevel(path) FROM org_unit_tree WHERE id = $1`, id).
		Scan(&u.ID, &u.ParentID, &u.Name, &u.Kind, &u.Path, &level)
	return &u, level, db.NotFound(err, "组织")
}

// unitTrail lists the ancestors of path, top first, the unit itself last.
func unitTrail(ctx context.Context, q db.DBTX, path string) ([]Unit, error) {
	rows, _ := q.Query(ctx, `SELECT `+unitCols+` FROM org_unit_tree WHERE path @> $1::ltree ORDER BY nlevel(path)`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
}

// child is a unit under the scope, with whether it has units under it.
type child struct {
	Unit
	HasChildren bool `db:"has_children"`
}

func childUnits(ctx context.Context, q db.DBTX, parentID int64) ([]child, error) {
	rows, _ := q.Query(ctx, `
		SELECT `+unitCols+`, EXISTS (SELECT 1 FROM org_unit_tree c WHERE c.parent_id = u.id) AS has_children
		FROM org_unit_tree u WHERE u.parent_id = $1 ORDER BY u.id`, parentID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[child])
}

// unitsByID names units (and their parents), for lists of units found by
// figures rather than by the tree.
func unitsByID(ctx context.Context, q db.DBTX, ids []int64) (map[int64]Unit, error) {
	rows, _ := q.Query(ctx, `SELECT `+unitCols+` FROM org_unit_tree WHERE id = ANY($1)`, ids)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
	out := make(map[int64]Unit, len(list))
	for _, u := range list {
		out[u.ID] = u
	}
	return out, err
}

// unitPathNames names every unit under path by its way down from the
// unit at path: "华北分公司党委/生产党总支/第一党支部".
func unitPathNames(ctx context.Context, q db.DBTX, path string) (map[int64]string, error) {
	rows, _ := q.Query(ctx, `SELECT `+unitCols+` FROM org_unit_tree WHERE path <@ $1::ltree ORDER BY path`, path)
	units, err := pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
	names := make(map[int64]string, len(units))
	for _, u := range units {
		names[u.ID] = u.Name
		if u.ParentID != nil {
			if parent, ok := names[*u.ParentID]; ok {
				names[u.ID] = parent + "/" + u.Name
			}
		}
	}
	return names, err
}

// reportSettings sets, until the transaction ends, what read describes.
func reportSettings(ctx context.Context, q db.DBTX) error {
	_, err := q.Exec(ctx, `SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
		set_config('enable_mergejoin', 'off', true)`)
	return err
}
