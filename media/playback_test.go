package media

import (
	"context"
	"reflect"
	"testing"
	"time"

	"lms/internal/apperr"
)

func TestMergeSpans(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want []Span
	}{
		{nil, nil},
		{[]Span{{4, 8}, {0, 4}}, []Span{{0, 8}}},
		{[]Span{{0, 4.017}, {0, 4}, {4, 8}, {12, 16}}, []Span{{0, 8}, {12, 16}}},
		{[]Span{{10, 12}, {0, 3}, {2, 5}, {5, 5}}, []Span{{0, 5}, {10, 12}}},
		{[]Span{{0, 4}, {4.0005, 8}}, []Span{{0, 8}}},
	}
	for _, c := range cases {
		if got := mergeSpans(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("mergeSpans(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// Serving a segment records the fetch; FetchedSpans merges what one user
// fetched since a time, across renditions.
func TestSegmentFetchesAndSpans(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	a := f.transcode(t, f.ingest(t, lecture(t, "13", "640", "360")).ID, "1-1")
	viewer, other := f.user(t, "learner1"), f.user(t, "learner2")
	start := time.Now().Add(-time.Second)
	for _, seg := range []struct{ r, file string }{{"360p", "seg_00000.ts"}, {"audio", "seg_00000.ts"}, {"360p", "seg_00001.ts"}, {"360p", "seg_00003.ts"}} {
		key, err := f.SegmentKey(ctx, viewer, a.ID, seg.r, seg.file)
		if err != nil || key != a.OutputPrefix+seg.r+"/"+seg.file {
			t.Fatalf("SegmentKey %v: %q %v", seg, key, err)
		}
	}
	if _, err := f.SegmentKey(ctx, other, a.ID, "360p", "seg_00001.ts"); err != nil {
		t.Fatal(err)
	}
	spans, err := f.FetchedSpans(ctx, viewer, a.ID, start)
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 2 || spans[0].Start != 0 || spans[0].End < 7.9 || spans[1].Start != 12 {
		t.Errorf("spans %v, want [0,8) and [12,…)", spans)
	}
	if later, _ := f.FetchedSpans(ctx, viewer, a.ID, time.Now().Add(time.Minute)); len(later) != 0 {
		t.Errorf("spans since later: %v", later)
	}
	for _, bad := range []struct{ r, file string }{{"360p", "seg_00099.ts"}, {"360p", "../source"}, {"../x", "seg_00000.ts"}, {"360p", "index.m3u8"}} {
		if _, err := f.SegmentKey(ctx, viewer, a.ID, bad.r, bad.file); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("SegmentKey %v: %v, want not found", bad, err)
		}
	}
	for _, name := range []string{"../source", "source", "360p/../../x", "x.m3u8"} {
		if _, err := f.OutputKey(ctx, a.ID, name); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("OutputKey %q: %v", name, err)
		}
	}
	info, err := f.AssetInfo(ctx, a.ID)
	if err != nil || info.State != StateReady || info.OwnerID != f.owner || info.Width != 640 {
		t.Errorf("AssetInfo %+v %v", info, err)
	}
	if _, err := f.AssetInfo(ctx, 999999); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("AssetInfo of a missing asset: %v", err)
	}
}

type viewerFunc func(userID, assetID int64) bool

func (v viewerFunc) CanViewAsset(_ context.Context, u, a int64) (bool, error) { return v(u, a), nil }

func TestCanPlay(t *testing.T) {
	t.Parallel()
	s := &Service{}
	a := &Asset{ID: 5, OwnerID: 1}
	ctx := context.Background()
	check := func(user int64, privileged, want bool) {
		t.Helper()
		if got, _ := s.CanPlay(ctx, user, a, privileged); got != want {
			t.Errorf("CanPlay(user %d, privileged %v) = %v", user, privileged, got)
		}
	}
	check(1, false, true)
	check(2, true, true)
	check(2, false, false) // no Viewer wired: only owner and admins
	s.Viewer = viewerFunc(func(u, id int64) bool { return u == 3 && id == 5 })
	check(3, false, true)
	check(2, false, false)
}
