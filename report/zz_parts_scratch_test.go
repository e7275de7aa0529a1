//go:build scalescratch

package report

import (
	"context"
	"os"
	"testing"
	"time"

	"lms/internal/db"
	"lms/org"
)

func TestScaleParts(t *testing.T) {
	ctx := context.Background()
	pool, _ := db.Open(ctx, os.Getenv("RPT_URL"))
	s := NewService(pool)
	year := time.Now().In(chinaTime).Year()
	for _, unit := range []int64{1, 2} {
		sc, _ := s.scope(ctx, org.System(), unit)
		for i := 0; i < 2; i++ {
			s.read(ctx, func(q db.DBTX) error {
				t0 := time.Now()
				ranks, err := unitRanks(ctx, q, sc.Unit.Path)
				t.Logf("%d ranks %v %d %v", unit, time.Since(t0), len(ranks), err)
				t0 = time.Now()
				rules, err := rulesFor(ctx, q, sc.Unit.Path)
				t.Logf("%d rules %v %d %v", unit, time.Since(t0), len(rules), err)
				t0 = time.Now()
				_, n := headCounts(ranks, rules, sc, year)
				t.Logf("%d heads %v %d", unit, time.Since(t0), len(n.keys))
				t0 = time.Now()
				g, err := personGroups(ctx, q, sc, year, n)
				t.Logf("%d personGroups %v %d %v", unit, time.Since(t0), len(g), err)
				t0 = time.Now()
				g, err = cycleGroups(ctx, q, sc, n)
				t.Logf("%d cycleGroups %v %d %v", unit, time.Since(t0), len(g), err)
				t0 = time.Now()
				g, err = enrollGroups(ctx, q, sc, year, nil, time.Now(), false)
				t.Logf("%d enrollGroups %v %d %v", unit, time.Since(t0), len(g), err)
				t0 = time.Now()
				c, err := childUnits(ctx, q, sc.Unit.ID)
				t.Logf("%d children %v %d %v", unit, time.Since(t0), len(c), err)
				return nil
			})
		}
	}
}
