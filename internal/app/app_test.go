package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"lms/internal/testenv"
	"lms/search"
)

func testParts(t *testing.T) Parts {
	idx, err := search.NewBleveMemory()
	if err != nil {
		t.Fatal(err)
	}
	return Parts{Pool: testenv.DB(t), Store: testenv.Store(t), Index: idx}
}

// A wire left out stops the build with an error that names what is
// missing, instead of a program that silently skips course completion,
// transcoding or indexing.
func TestEveryWireIsRequired(t *testing.T) {
	p := testParts(t)
	for wire, want := range map[string]string{"quiz": "quiz: Courses is not wired", "media": "media: Viewer is not wired",
		"search": "quiz: OnBankChange is not wired", "jobs": "quiz: Jobs is not wired"} {
		a, err := build(p, Config{}, wire)
		if err == nil {
			a.Close()
			t.Errorf("built without the %s wire", wire)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("without the %s wire: %v, want it to say %q", wire, err, want)
		}
	}
	a, err := Build(p, Config{})
	if err != nil {
		t.Fatalf("the full wiring does not build: %v", err)
	}
	defer a.Close()
	// Each hook that used to be optional is now named when missing.
	a.Quiz.OnPassed = nil
	if err := a.Ready(); err == nil || !strings.Contains(err.Error(), "OnPassed") {
		t.Errorf("quiz without OnPassed: %v", err)
	}
}

// Every feature that other features call is ready once built, and the
// search service has the sources of courses, lessons, cues and banks.
func TestBuildRegistersEverySearchSource(t *testing.T) {
	a, err := Build(testParts(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	st, err := a.Search.Reindex(context.Background(), func(int, int) {})
	if err != nil || st.Entities != 0 {
		t.Fatalf("reindex of an empty program: %+v %v", st, err)
	}
	for _, kind := range []string{"course", "lesson", "cue", "quiz_bank"} {
		if err := a.Search.Register(kindOnly(kind)); err == nil || !strings.Contains(err.Error(), "twice") {
			t.Errorf("search source %q not registered: %v", kind, err)
		}
	}
}

// A connection that never comes back (a job past its stop deadline) must
// not keep the process from exiting.
func TestCloseDoesNotWaitForeverForThePool(t *testing.T) {
	a, err := Build(testParts(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := a.Pool.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	wait := poolCloseWait
	poolCloseWait = 200 * time.Millisecond
	defer func() { poolCloseWait = wait }()
	start := time.Now()
	a.Close()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Close took %v with a connection in use", took)
	}
}

// Each running job may hold a connection: the pool grows with workers.
func TestPoolGrowsWithWorkers(t *testing.T) {
	for workers, want := range map[int]int32{0: 32, 4: 32, 16: 32, 100: 116} {
		if got := PoolSize(workers); got != want {
			t.Errorf("PoolSize(%d) = %d, want %d", workers, got, want)
		}
	}
}

// kindOnly is a source that only has a name, to ask whether that name is taken.
type kindOnly string

func (k kindOnly) Kind() string                                    { return string(k) }
func (kindOnly) IDs(context.Context) ([]int64, error)              { return nil, nil }
func (kindOnly) Docs(context.Context, int64) ([]search.Doc, error) { return nil, nil }
