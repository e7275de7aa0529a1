package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"lms/course"
)

type result struct {
	lat    []time.Duration
	errors int
	took   time.Duration
}

func (r result) rps() float64 { return float64(len(r.lat)) / r.took.Seconds() }

func (r result) pct(p int) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	return float64(s[min(len(s)-1, len(s)*p/100)].Microseconds()) / 1000
}

func client(conns int) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
}

// runHeartbeats: each connection round-robins over its share of learners;
// every learner plays honestly (intervals as long as the wall-clock time
// since its last heartbeat), so the server's full validation applies.
func runHeartbeats(ctx context.Context, base string, set []learner, conns int, d time.Duration) result {
	cl := client(conns)
	states := make([]*simLearner, len(set))
	for i, l := range set {
		states[i] = &simLearner{learner: l, id: fmt.Sprintf("load-%d-%d", i, time.Now().UnixNano())}
		if err := states[i].beat(cl, base); err != nil { // starts each playback's clock
			return result{errors: 1}
		}
	}
	return load(conns, d, func(worker, n int) error {
		return states[(worker+n*conns)%len(states)].beat(cl, base)
	})
}

func runNoop(ctx context.Context, base string, conns int, d time.Duration) result {
	cl := client(conns)
	return load(conns, d, func(int, int) error { return get(cl, base+"/healthz") })
}

// load runs fn on conns goroutines for d and gathers the latencies.
func load(conns int, d time.Duration, fn func(worker, n int) error) result {
	var mu sync.Mutex
	var res result
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs := 0
			for n := 0; time.Now().Before(deadline); n++ {
				t := time.Now()
				if err := fn(w, n); err != nil {
					errs++
					continue
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			res.lat, res.errors = append(res.lat, lat...), res.errors+errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.took = time.Since(start)
	return res
}

type simLearner struct {
	learner
	mu   sync.Mutex
	id   string
	seq  int64
	pos  float64
	last time.Time
}

func (s *simLearner) beat(cl *http.Client, base string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	s.seq++
	b := course.Beat{PlaybackID: s.id, Seq: s.seq, Rate: 1, Visible: true, Position: s.pos}
	if !s.last.IsZero() {
		end := min(s.pos+now.Sub(s.last).Seconds(), 3600)
		b.Played, b.Position = []course.Span{{Start: s.pos, End: end}}, end
		s.pos = end
		if s.pos >= 3600 {
			s.pos = 0
		}
	}
	s.last = now
	body, _ := json.Marshal(b)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/lessons/%d/heartbeat", base, s.lessonID), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	return do(cl, req)
}

func get(cl *http.Client, url string) error {
	req, _ := http.NewRequest("GET", url, nil)
	return do(cl, req)
}

func do(cl *http.Client, req *http.Request) error {
	resp, err := cl.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %d %s", req.URL.Path, resp.StatusCode, b)
	}
	return nil
}
