package course

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestSpans(t *testing.T) {
	u := Union([]Span{{5, 10}, {0, 2}}, []Span{{1, 3}, {10, 12}, {20, 20}})
	if want := []Span{{0, 3}, {5, 12}}; !reflect.DeepEqual(u, want) {
		t.Errorf("union %v", u)
	}
	if got := Intersect(u, []Span{{2, 6}, {11, 30}}); !reflect.DeepEqual(got, []Span{{2, 3}, {5, 6}, {11, 12}}) {
		t.Errorf("intersect %v", got)
	}
	if got := Subtract([]Span{{0, 10}}, []Span{{2, 3}, {5, 6}}); !reflect.DeepEqual(got, []Span{{0, 2}, {3, 5}, {6, 10}}) {
		t.Errorf("subtract %v", got)
	}
	if got := Budget([]Span{{0, 4}, {10, 20}}, 6); !reflect.DeepEqual(got, []Span{{0, 4}, {10, 12}}) {
		t.Errorf("budget %v", got)
	}
	if got := Clamp([]Span{{-1, 3}, {58, 70}, {80, 90}}, 60); !reflect.DeepEqual(got, []Span{{0, 3}, {58, 60}}) {
		t.Errorf("clamp %v", got)
	}
}

var video = Rules{Kind: "video", Duration: 600, MaxRate: 1, CompletePct: 95}

// play runs heartbeats seconds apart from a fresh progress and returns it.
type player struct {
	t      *testing.T
	now    time.Time
	p      Progress
	active Playback
	r      Rules
	seq    int64
	id     string
}

func newPlayer(t *testing.T, r Rules) *player {
	pl := &player{t: t, now: time.Unix(1_700_000_000, 0), r: r, id: "pb1"}
	pl.beat(0, Beat{Visible: true, Rate: 1})
	return pl
}

func (pl *player) beat(after time.Duration, b Beat) Outcome {
	pl.now = pl.now.Add(after)
	pl.seq++
	if b.PlaybackID == "" {
		b.PlaybackID = pl.id
	}
	if b.Seq == 0 {
		b.Seq = pl.seq
	}
	if err := ValidateBeat(b, pl.r, pl.now); err != nil {
		pl.t.Fatalf("beat rejected: %v", err)
	}
	o := Apply(pl.now, pl.p, pl.active, b, pl.r, nil, func() float64 { return 1 })
	if o.Changed {
		pl.p = o.Progress
	}
	if o.TookOver {
		pl.active = Playback{b.PlaybackID, b.LessonID}
	}
	return o
}

func TestHonestPlaybackCompletes(t *testing.T) {
	pl := newPlayer(t, video)
	var done bool
	for s := 0.0; s < 600; s += 10 {
		o := pl.beat(10*time.Second, Beat{Played: []Span{{s, s + 10}}, Rate: 1, Visible: true, Position: s + 10})
		if o.Credited < 9.99 {
			t.Fatalf("at %v credited %v", s, o.Credited)
		}
		done = done || o.Completed
	}
	if !done || Total(pl.p.Coverage) != 600 || pl.p.Furthest != 600 {
		t.Errorf("done=%v coverage=%v", done, pl.p.Coverage)
	}
}

func TestCheats(t *testing.T) {
	cases := []struct {
		name  string
		after time.Duration
		beat  Beat
		want  float64
	}{
		{"claims a minute in ten seconds", 10 * time.Second, Beat{Played: []Span{{0, 60}}, Rate: 1, Visible: true}, 10.5},
		{"hidden page", 10 * time.Second, Beat{Played: []Span{{0, 10}}, Rate: 1, Visible: false}, 0},
		{"seek forward adds nothing", 10 * time.Second, Beat{Position: 500, Rate: 1, Visible: true}, 0},
		{"past the end is cut", 10 * time.Second, Beat{Played: []Span{{595, 601}}, Rate: 1, Visible: true, Position: 600}, 5},
	}
	for _, c := range cases {
		pl := newPlayer(t, video)
		o := pl.beat(c.after, c.beat)
		if diff := o.Credited - c.want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("%s: credited %v, want %v", c.name, o.Credited, c.want)
		}
	}
}

func TestRepeatedWatchingAddsNothing(t *testing.T) {
	pl := newPlayer(t, video)
	pl.beat(10*time.Second, Beat{Played: []Span{{0, 10}}, Rate: 1, Visible: true})
	if o := pl.beat(10*time.Second, Beat{Played: []Span{{0, 10}}, Rate: 1, Visible: true}); o.Credited != 0 {
		t.Errorf("rewatch credited %v", o.Credited)
	}
}

func TestFasterRateNeedsPermission(t *testing.T) {
	r := video
	if err := ValidateBeat(Beat{PlaybackID: "x", Seq: 2, Rate: 2, Visible: true}, r, time.Now()); err == nil {
		t.Error("2x accepted on a 1x course")
	}
	r.MaxRate = 2
	pl := newPlayer(t, r)
	if o := pl.beat(10*time.Second, Beat{Played: []Span{{0, 20}}, Rate: 2, Visible: true}); o.Credited != 20 {
		t.Errorf("2x credited %v", o.Credited)
	}
}

func TestDuplicatesAndTakeover(t *testing.T) {
	pl := newPlayer(t, video)
	pl.beat(10*time.Second, Beat{Played: []Span{{0, 10}}, Rate: 1, Visible: true})
	before := pl.p
	if o := pl.beat(10*time.Second, Beat{Seq: 2, Played: []Span{{10, 20}}, Rate: 1, Visible: true}); !o.Duplicate || o.Changed {
		t.Errorf("retry of seq 2: %+v", o)
	}
	if o := pl.beat(time.Second, Beat{Seq: 1, Played: []Span{{10, 20}}, Rate: 1, Visible: true}); !o.Duplicate {
		t.Errorf("seq from the past: %+v", o)
	}
	if !reflect.DeepEqual(before, pl.p) {
		t.Error("duplicates changed the record")
	}
	// A second tab starts: it takes over; the first is told.
	if o := pl.beat(time.Second, Beat{PlaybackID: "pb2", Seq: 1, Rate: 1, Visible: true}); !o.TookOver {
		t.Errorf("second tab: %+v", o)
	}
	if o := pl.beat(10*time.Second, Beat{PlaybackID: "pb1", Seq: 10, Played: []Span{{20, 30}}, Rate: 1, Visible: true}); !o.Superseded || o.Credited != 0 {
		t.Errorf("first tab after takeover: %+v", o)
	}
}

func TestSegmentRule(t *testing.T) {
	r := video
	r.SegmentRule = true
	p := newPlayer(t, r)
	p.now = p.now.Add(10 * time.Second)
	o := Apply(p.now, p.p, p.active, Beat{PlaybackID: "pb1", Seq: 2, Played: []Span{{0, 10}}, Rate: 1, Visible: true}, r, []Span{{0, 6}}, nil)
	if o.Credited != 6 {
		t.Errorf("credited %v without fetching the segments", o.Credited)
	}
}

func TestPresenceCheck(t *testing.T) {
	r := video
	r.PresenceCheck = true
	pl := newPlayer(t, r)
	pl.p.CheckID, pl.p.CheckDue = "c1", pl.now.Add(90*time.Second)
	if o := pl.beat(10*time.Second, Beat{Played: []Span{{0, 10}}, Rate: 1, Visible: true}); o.Credited != 10 {
		t.Errorf("before the check is due: %v", o.Credited)
	}
	pl.beat(100*time.Second, Beat{Played: []Span{{10, 20}}, Rate: 1, Visible: true})
	if Total(pl.p.Coverage) != 10 {
		t.Errorf("unanswered check accrued: %v", pl.p.Coverage)
	}
	if o := pl.beat(10*time.Second, Beat{PresenceAnswer: "c1", Played: []Span{{20, 30}}, Rate: 1, Visible: true}); o.Credited != 0 || pl.p.CheckID != "" {
		t.Errorf("late answer: %+v", o)
	}
	if o := pl.beat(10*time.Second, Beat{Played: []Span{{30, 40}}, Rate: 1, Visible: true}); o.Credited != 10 {
		t.Errorf("after answering: %v", o.Credited)
	}
}

func TestReadingTime(t *testing.T) {
	r := Rules{Kind: "document", MinSeconds: 25, MaxRate: 1}
	pl := newPlayer(t, r)
	pl.beat(10*time.Second, Beat{Visible: true})
	pl.beat(10*time.Second, Beat{Visible: false})
	if pl.p.ActiveSeconds != 10 || pl.p.Completed {
		t.Errorf("hidden reading counted: %+v", pl.p)
	}
	pl.beat(10*time.Second, Beat{Visible: true})
	if o := pl.beat(10*time.Second, Beat{Visible: true}); !o.Completed {
		t.Errorf("reading did not complete: %+v", pl.p)
	}
}

func TestValidateBeat(t *testing.T) {
	now := time.Now()
	bad := map[string]Beat{
		"negative":     {Played: []Span{{-1, 5}}},
		"inverted":     {Played: []Span{{5, 4}}},
		"overlapping":  {Played: []Span{{0, 5}, {4, 8}}},
		"past the end": {Played: []Span{{0, 700}}},
		"position":     {Position: 900},
		"future":       {ClientTime: now.Add(time.Hour)},
		"no seq":       {Seq: -1},
	}
	for name, b := range bad {
		if b.Seq == 0 {
			b.Seq = 3
		}
		b.PlaybackID, b.Rate = "p", 1
		if ValidateBeat(b, video, now) == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestReachable(t *testing.T) {
	cases := []struct {
		spans    []Span
		furthest float64
		want     []Span
	}{
		{[]Span{{0, 10}}, 0, []Span{{0, 10}}},
		{[]Span{{4, 10}}, 0, []Span{{4, 10}}},
		{[]Span{{4.5, 10}}, 0, nil},
		{[]Span{{0, 10}, {13, 20}, {30, 40}}, 0, []Span{{0, 10}, {13, 20}}},
		{[]Span{{100, 110}}, 98, []Span{{100, 110}}},
	}
	for _, c := range cases {
		if got := Reachable(c.spans, c.furthest, skipSlack); !slices.Equal(got, c.want) {
			t.Errorf("Reachable(%v, %v) = %v, want %v", c.spans, c.furthest, got, c.want)
		}
	}
}

// Within one batch, heartbeats of one learner for several lessons under
// the same playback id: only the lesson that holds the clock earns, and a
// lesson taken back starts its clock again.
func TestOneClockInABatch(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	w := &batchWrite{progress: map[key]*Progress{}, active: map[int64]Playback{}, known: &enrolCache{}}
	var credited float64
	for step := int64(1); step <= 7; step++ {
		w.now = now.Add(time.Duration(step) * 10 * time.Second)
		for lesson := int64(1); lesson <= 4; lesson++ {
			k := key{1, lesson}
			if w.progress[k] == nil {
				w.progress[k] = &Progress{}
			}
			r := video
			if lesson > 2 {
				r = Rules{Kind: "article", MinSeconds: 600, MaxRate: 1}
			}
			from := float64(step-1) * 10
			b := Beat{PlaybackID: "same", Seq: step, Rate: 1, Visible: true, Played: []Span{{from, from + 10}}, LessonID: lesson}
			credited += w.apply(&beatReq{userID: 1, rules: lessonRules{Rules: r, LessonID: lesson}, beat: b}).Credited
		}
	}
	if limit := 60 * jitter; credited > limit || credited < 50 {
		t.Errorf("credited %.1f s in 60 s of wall clock over four lessons", credited)
	}
}

// BenchmarkApplyBatch applies a batch of 60 heartbeats of 60 learners (the
// size of a batch at full load) as batchWrite does: one video beat under
// the segment rule and no skipping, the learner's playback active.
func BenchmarkApplyBatch(b *testing.B) {
	r := video
	r.SegmentRule, r.ForbidSkip = true, true
	now := time.Unix(1_700_000_000, 0)
	reqs := make([]*beatReq, 60)
	w := &batchWrite{progress: map[key]*Progress{}, active: map[int64]Playback{}, known: &enrolCache{}, now: now}
	for i := range reqs {
		u := int64(i + 1)
		w.progress[key{u, 7}] = &Progress{}
		w.active[u] = Playback{"pb", 7}
		reqs[i] = &beatReq{userID: u, rules: lessonRules{Rules: r, LessonID: 7}, fetched: []Span{{0, 600}}}
	}
	b.ReportAllocs()
	for n := 0; b.Loop(); n++ {
		w.now = now.Add(time.Duration(n+1) * 10 * time.Second)
		from := float64(n%59) * 10
		for _, req := range reqs {
			p := w.progress[key{req.userID, 7}]
			if n%59 == 0 {
				*p = Progress{PlaybackID: "pb", LastSeq: int64(n), LastBeatAt: w.now.Add(-10 * time.Second)}
			}
			req.beat = Beat{PlaybackID: "pb", Seq: int64(n + 1), Rate: 1, Visible: true, Position: from + 10,
				Played: []Span{{from, from + 10}}, LessonID: 7}
			w.apply(req)
		}
	}
}

// Random scripts of one learner: beats at random moments (several at the
// same instant, as in one batch) to random lessons (two videos of
// different allowed rates, an article), under a few playback ids, with
// sequence numbers that go up, repeat or jump. Every beat that earns
// earns for the wall-clock stretch since its lesson's previous beat, and
// those stretches never overlap: the learner has one clock.
func TestOneClockWhateverTheScript(t *testing.T) {
	fast := video
	fast.MaxRate = 2
	lessons := []Rules{video, fast, {Kind: "article", MinSeconds: 600, MaxRate: 1}}
	rng := rand.New(rand.NewPCG(1, 2))
	var credited int
	for script := range 300 {
		now := time.Unix(1_700_000_000, 0)
		w := &batchWrite{progress: map[key]*Progress{}, active: map[int64]Playback{}, known: &enrolCache{}}
		type stretch struct{ from, to time.Time }
		var earned []stretch
		seq := map[string]int64{}
		for range 100 {
			now = now.Add(time.Duration(rng.IntN(4)) * time.Duration(rng.IntN(6)) * time.Second)
			w.now = now
			lesson := int64(rng.IntN(len(lessons)))
			r := lessons[lesson]
			id := []string{"a", "b", "c"}[rng.IntN(3)]
			seq[id] += int64(rng.IntN(3)) // repeats, steps and jumps
			from := float64(rng.IntN(500))
			b := Beat{PlaybackID: id, Seq: max(seq[id], 1), Rate: r.MaxRate, Visible: rng.IntN(5) > 0,
				Position: from + 30, Played: []Span{{from, from + 30}}, LessonID: lesson}
			k := key{1, lesson}
			if w.progress[k] == nil {
				w.progress[k] = &Progress{}
			}
			last := w.progress[k].LastBeatAt
			got := w.apply(&beatReq{userID: 1, rules: lessonRules{Rules: r, LessonID: lesson}, beat: b}).Credited
			if got == 0 {
				continue
			}
			elapsed := now.Sub(last).Seconds()
			if got > elapsed*r.MaxRate*jitter+1e-9 || r.Kind != "video" && got > readCadence.Seconds()*jitter {
				t.Fatalf("script %d: %v earned in %v s on a %v× lesson", script, got, elapsed, r.MaxRate)
			}
			earned = append(earned, stretch{last, now})
			credited++
		}
		slices.SortFunc(earned, func(a, b stretch) int { return a.from.Compare(b.from) })
		for i := 1; i < len(earned); i++ {
			if earned[i].from.Before(earned[i-1].to) {
				t.Fatalf("script %d: stretches %v and %v both earned", script, earned[i-1], earned[i])
			}
		}
	}
	if credited < 1000 {
		t.Errorf("only %d of 30,000 beats earned: the scripts test nothing", credited)
	}
}

// A SCORM lesson completes on the reading clock's minimum time only once
// its SCOs are satisfied, and on the SCOs only once the time is there.
func TestScormLessonNeedsTimeAndSCOs(t *testing.T) {
	r := Rules{Kind: "scorm", MinSeconds: 20, MaxRate: 1}
	pl := newPlayer(t, r)
	for i := 0; i < 3; i++ {
		if o := pl.beat(10*time.Second, Beat{Rate: 1, Visible: true}); o.Completed {
			t.Fatalf("completed without the SCOs after %v s", pl.p.ActiveSeconds)
		}
	}
	if pl.p.ActiveSeconds < 20 {
		t.Fatalf("clock %v", pl.p.ActiveSeconds)
	}
	pl.r.ScosDone = true
	if o := pl.beat(10*time.Second, Beat{Rate: 1, Visible: true}); !o.Completed {
		t.Fatal("not completed with the time and the SCOs")
	}
	short := newPlayer(t, Rules{Kind: "scorm", MinSeconds: 60, MaxRate: 1, ScosDone: true})
	if o := short.beat(10*time.Second, Beat{Rate: 1, Visible: true}); o.Completed {
		t.Fatal("completed on the SCOs before the time")
	}
}
