package search

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestBleveContract(t *testing.T) {
	t.Parallel()
	idx, err := OpenBleve(filepath.Join(t.TempDir(), "search"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	testContract(t, idx)
}

func TestBleveReopensAndLocks(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "search")
	idx, err := OpenBleve(dir)
	if err != nil {
		t.Fatal(err)
	}
	load(t, idx, fixtures()[:1])
	if _, err := OpenBleve(dir); !errors.Is(err, ErrIndexBusy) {
		t.Errorf("second open: %v, want ErrIndexBusy", err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err = OpenBleve(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if r := find(t, idx, Query{Text: "党员教育", Filter: learner}); len(r.Hits) != 1 {
		t.Errorf("after reopening: %v", ids(r))
	}
}
