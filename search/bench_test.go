package search

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSearch runs the queries of `make bench`'s search section on the
// same 20,000 generated documents, in an on-disk index filled in batches of
// 500 as `lms search generate` fills it:
//
//	go test -run '^$' -bench Search ./search/
func BenchmarkSearch(b *testing.B) {
	idx, err := OpenBleve(filepath.Join(b.TempDir(), "search"))
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	all := GenerateEntities(20000, 1, nowMicros())
	for i := 0; i < len(all); i += 500 {
		if err := idx.Replace(context.Background(), all[i:min(i+500, len(all))]); err != nil {
			b.Fatal(err)
		}
	}
	// A learner sees open docs, a few assigned courses and their own.
	learner := Filter{UserID: 9, CourseIDs: []int64{1, 2, 3}}
	b.Run("Word", func(b *testing.B) { benchQuery(b, idx, "党建", admin) })
	b.Run("Phrase", func(b *testing.B) { benchQuery(b, idx, "远程教育平台", admin) })
	b.Run("Char", func(b *testing.B) { benchQuery(b, idx, "党", admin) })
	b.Run("Learner", func(b *testing.B) { benchQuery(b, idx, "党员教育", learner) })
}

// benchQuery reports, beside the wall time, the CPU time the process spent
// per query (GC included): on a machine shared with other work the wall
// time mostly measures the wait for a core.
func benchQuery(b *testing.B, idx Index, text string, f Filter) {
	b.ReportAllocs()
	cpu0 := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op") }()
	for range b.N {
		q := Query{Text: text, Filter: f}
		if err := q.Validate(); err != nil {
			b.Fatal(err)
		}
		r, err := idx.Search(context.Background(), q)
		if err != nil || len(r.Hits) == 0 {
			b.Fatalf("%q: %v, %d hits", text, err, len(r.Hits))
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
