package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
)

// pausing holds the first read after arm between reading the docs and
// handing them on, as a slow job sits between its read and its write,
// until released.
type pausing struct {
	Source
	armed         atomic.Bool
	read, release chan struct{}
	let           func() // releases the read, once
}

func (p *pausing) arm() {
	p.read, p.release = make(chan struct{}), make(chan struct{})
	p.let = sync.OnceFunc(func() { close(p.release) })
	p.armed.Store(true)
}

func (p *pausing) Docs(ctx context.Context, id int64) ([]Doc, error) {
	docs, err := p.Source.Docs(ctx, id)
	if p.armed.CompareAndSwap(true, false) {
		close(p.read)
		<-p.release
	}
	return docs, err
}

// paused waits until the armed read has happened.
func (p *pausing) paused(t *testing.T) {
	t.Helper()
	select {
	case <-p.read:
	case <-time.After(20 * time.Second):
		t.Fatal("the armed read never came")
	}
}

// pausedService is a service over one "course" source that can be paused.
func pausedService(t *testing.T) (*Service, *testSource, *pausing) {
	t.Helper()
	svc, _, src, _ := newService(t)
	p := &pausing{Source: src}
	svc.sources["course"] = p
	return svc, src, p
}

func wait(t *testing.T, errc <-chan error) {
	t.Helper()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("still running")
	}
}

// holds: the index finds want's title words and not gone's.
func holds(t *testing.T, svc *Service, want, gone string) {
	t.Helper()
	if got := titles(t, svc, aLearner, want); !slices.Equal(got, []string{"course-1-0"}) {
		t.Errorf("%s: %v, want the course", want, got)
	}
	if got := titles(t, svc, aLearner, gone); len(got) != 0 {
		t.Errorf("%s: %v, the older state is still indexed", gone, got)
	}
}

// Two changes of one course, two jobs on two workers: the older job reads
// before the second change, the newer one reads and writes, then the older
// one writes. The index must end with the newer state.
func TestOlderReadNeverLandsLast(t *testing.T) {
	t.Parallel()
	svc, pool, src, _ := newService(t)
	p := &pausing{Source: src}
	svc.sources["course"] = p
	_, events := startJobs(t, pool, svc)

	src.set(1, nil, course(1, "党史学习教育", true))
	p.arm()
	t.Cleanup(p.let) // a failed test must not leave a worker waiting
	change(t, pool, svc, "course", 1, true)
	p.paused(t) // the older job has read 党史
	src.set(1, nil, course(1, "基层党建工作", true))
	change(t, pool, svc, "course", 1, true)
	waitJob(t, events, river.EventKindJobCompleted) // the newer job wrote 党建
	p.let()
	waitJob(t, events, river.EventKindJobCompleted)
	holds(t, svc, "党建", "党史")
}

// A rebuild that read a course before a job changed it must not undo the
// job's write.
func TestReindexDoesNotUndoAJob(t *testing.T) {
	t.Parallel()
	svc, src, p := pausedService(t)
	ctx := context.Background()
	src.set(1, nil, course(1, "党史学习教育", true))
	p.arm()
	errc := make(chan error, 1)
	go func() { _, err := svc.Reindex(ctx, nil); errc <- err }()
	p.paused(t)
	src.set(1, nil, course(1, "基层党建工作", true))
	if err := svc.IndexEntity(ctx, "course", 1); err != nil {
		t.Fatal(err)
	}
	p.let()
	wait(t, errc)
	holds(t, svc, "党建", "党史")
}

// A job that read before a rebuild began and writes after the rebuild
// wrote the same course must not be swept away with what the rebuild did
// not see.
func TestJobDuringReindexSurvivesTheSweep(t *testing.T) {
	t.Parallel()
	svc, src, p := pausedService(t)
	ctx := context.Background()
	src.set(1, nil, course(1, "基层党建工作", true))
	p.arm()
	errc := make(chan error, 1)
	go func() { errc <- svc.IndexEntity(ctx, "course", 1) }()
	p.paused(t)
	time.Sleep(time.Millisecond) // the rebuild begins strictly after the job's read
	_, err := svc.Reindex(ctx, func(done, total int) {
		p.let() // the job writes between the rebuild's batch and its sweep
		wait(t, errc)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(t, svc, aLearner, "党建"); !slices.Equal(got, []string{"course-1-0"}) {
		t.Errorf("after the rebuild: %v", got)
	}
}

// versioned is a test source with a Version: a number bumped by each
// change. It counts the reads of its docs.
type versioned struct {
	*testSource
	gen   atomic.Int64
	reads atomic.Int64
}

func (v *versioned) Version(context.Context, int64) (string, error) {
	return strconv.FormatInt(v.gen.Load(), 10), nil
}

func (v *versioned) Docs(ctx context.Context, id int64) ([]Doc, error) {
	v.reads.Add(1)
	return v.testSource.Docs(ctx, id)
}

func (v *versioned) set(id int64, docs ...Doc) {
	v.testSource.set(id, nil, docs...)
	v.gen.Add(1)
}

// A source with versions is checked by its version: its docs (a
// document's text, slow to extract) are read once a job, and again only
// when the version moved on.
func TestVersionSparesAReadAndStillCatchesTheRace(t *testing.T) {
	t.Parallel()
	svc, _, _, _ := newService(t)
	v := &versioned{testSource: newTestSource("course")}
	p := &pausing{Source: v}
	svc.sources["course"] = struct {
		*pausing
		Versioner
	}{p, v}
	ctx := context.Background()

	v.set(1, course(1, "党史学习教育", true))
	if err := svc.IndexEntity(ctx, "course", 1); err != nil {
		t.Fatal(err)
	}
	if n := v.reads.Load(); n != 1 {
		t.Errorf("%d reads of the docs for one quiet job, want 1", n)
	}
	p.arm()
	errc := make(chan error, 1)
	go func() { errc <- svc.IndexEntity(ctx, "course", 1) }()
	p.paused(t)
	v.set(1, course(1, "基层党建工作", true))
	if err := svc.IndexEntity(ctx, "course", 1); err != nil {
		t.Fatal(err)
	}
	p.let()
	wait(t, errc)
	holds(t, svc, "党建", "党史")
	if n := v.reads.Load(); n != 4 {
		t.Errorf("%d reads of the docs, want 4 (one a job, one more for the job that wrote a stale state)", n)
	}
}

// churning changes at every read, as content edited faster than it can be
// indexed.
type churning struct{ n atomic.Int64 }

func (*churning) Kind() string                         { return "course" }
func (*churning) IDs(context.Context) ([]int64, error) { return []int64{1}, nil }
func (c *churning) Docs(context.Context, int64) ([]Doc, error) {
	return []Doc{course(1, fmt.Sprintf("第%d版", c.n.Add(1)), true)}, nil
}

// Content that never holds still is left to River's retry: the job fails
// rather than claim a state it cannot confirm.
func TestContentThatKeepsChangingFailsTheJob(t *testing.T) {
	t.Parallel()
	svc, _, _, _ := newService(t)
	c := &churning{}
	svc.sources["course"] = c
	ctx := context.Background()
	err := svc.IndexEntity(ctx, "course", 1)
	if !errors.Is(err, errUnsettled) {
		t.Fatalf("IndexEntity: %v, want errUnsettled", err)
	}
	if n := c.n.Load(); n != 1+maxRounds {
		t.Errorf("%d reads", n)
	}
	if _, err := svc.Reindex(ctx, nil); !errors.Is(err, errUnsettled) || !strings.Contains(err.Error(), "course:1") {
		t.Errorf("Reindex: %v", err)
	}
}
