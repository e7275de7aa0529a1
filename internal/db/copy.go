package db

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Bulk loading for the scale seeds: each feature copies generated rows
// into its own tables with these.

// Step runs one named part of a long load and reports how long it took.
type Step func(name string, fn func() error) error

// ReserveIDs takes n values of a table's identity sequence, so rows can be
// generated with their ids (paths and references need them) and copied.
func ReserveIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	rows, _ := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// CopyWithIDs copies rows that carry their identity values: COPY into a
// temporary table of the same columns (seed_TABLE, kept until commit), then
// one INSERT … OVERRIDING SYSTEM VALUE. ltree columns (path, unit_path)
// travel as text: COPY's binary format has no encoding for them.
func CopyWithIDs(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	tmp := "seed_" + table
	sel, cast := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		sel[i], cast[i] = c, c
		if c == "path" || c == "unit_path" {
			sel[i], cast[i] = c+"::text AS "+c, c+"::ltree"
		}
	}
	_, err := tx.Exec(ctx, `CREATE TEMP TABLE `+tmp+` ON COMMIT DROP AS SELECT `+strings.Join(sel, ", ")+
		` FROM `+table+` WITH NO DATA`)
	if err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, cols, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) OVERRIDING SYSTEM VALUE SELECT `+
		strings.Join(cast, ", ")+` FROM `+tmp)
	return err
}

// CopyChunks streams generated rows with COPY, one statement per chunk so
// that each statement's trigger sums a bounded batch. next returns nil at
// the end.
func CopyChunks(ctx context.Context, tx pgx.Tx, table string, cols []string, next func() []any) error {
	const chunk = 100_000
	done := false
	for !done {
		n := 0
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if n == chunk {
				return nil, nil
			}
			row := next()
			if row == nil {
				done = true
				return nil, nil
			}
			n++
			return row, nil
		}))
		if err != nil {
			return err
		}
	}
	return nil
}

// VacuumAnalyze sets the visibility map and hint bits after a bulk load,
// so the first queries do not pay for them, and gives the planner the new
// sizes.
func VacuumAnalyze(ctx context.Context, pool DBTX) error {
	_, err := pool.Exec(ctx, `VACUUM (ANALYZE)`)
	return err
}
