//go:build scalescratch

package report

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"lms/internal/db"
	"lms/org"
)

func TestScaleScratch(t *testing.T) {
	ctx := context.Background()
	pool, err := db.Open(ctx, os.Getenv("RPT_URL"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(pool)
	sys := org.System()
	year := time.Now().In(chinaTime).Year()
	for _, unit := range []int64{1, 2, 30} {
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			r, err := s.Units(ctx, sys, Query{UnitID: unit, Year: year})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("units %d: %v (%d rows, people %d, enrolled %d)", unit, time.Since(t0), len(r.Rows), r.Total.People, r.Total.Enrolled)
		}
	}
	t0 := time.Now()
	_, c, err := s.Dashboard(ctx, sys, Query{UnitID: 1, Year: year})
	t.Logf("dashboard: %v %v behind=%d", time.Since(t0), err, len(c.Behind))
	t0 = time.Now()
	cr, err := s.Courses(ctx, sys, Query{UnitID: 1, Year: year})
	t.Logf("courses: %v %v %d", time.Since(t0), err, len(cr.Rows))
	t0 = time.Now()
	pp, err := s.People(ctx, sys, Query{UnitID: 1, Year: year, Page: 1, PerPage: 50, Sort: "name"})
	t.Logf("people: %v %v %d", time.Since(t0), err, pp.Total)
	if os.Getenv("RPT_EXPORT") != "" {
		t0 = time.Now()
		e, err := s.Export(ctx, sys, ViewPeople, Query{UnitID: 1, Year: year})
		if err != nil {
			t.Fatal(err)
		}
		err = WriteXLSX(ctx, io.Discard, e)
		t.Logf("xlsx people: %v %v", time.Since(t0), err)
	}
}
