//go:build scalescratch

package report

import (
	"context"
	"os"
	"testing"

	"lms/internal/db"
	"lms/org"
)

func TestDumpSQL(t *testing.T) {
	ctx := context.Background()
	pool, _ := db.Open(ctx, os.Getenv("RPT_URL"))
	s := NewService(pool)
	sc, _ := s.scope(ctx, org.System(), 2)
	s.read(ctx, func(q db.DBTX) error {
		rules, _ := rulesFor(ctx, q, sc.Unit.Path)
		rs := newRuleSet(rules, 2026)
		f, to := rs.years()
		rows, err := q.Query(ctx, "EXPLAIN ANALYZE "+cycleSQL(rs), append(append([]any{sc.Unit.Path, sc.level, sc.Unit.ID}, rs.args()...), f, to)...)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var l string
			rows.Scan(&l)
			t.Log(l)
		}
		return nil
	})
}
