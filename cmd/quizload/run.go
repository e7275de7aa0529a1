package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

// result holds the latencies of one phase, each measured from the moment
// the request was due (open loop: a slow server cannot slow the arrivals).
type result struct {
	mu     sync.Mutex
	lat    []time.Duration
	errors int
	first  string
	took   time.Duration
}

func (r *result) add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		if r.errors == 0 {
			r.first = err.Error()
		}
		r.errors++
		return
	}
	r.lat = append(r.lat, d)
}

func (r *result) pct(p int) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	return float64(s[min(len(s)-1, len(s)*p/100)].Microseconds()) / 1000
}

// print writes the line scripts/bench.sh reads; rps is completed requests
// per second of the phase's wall time.
func (r *result) print(name string) {
	fmt.Printf("%s rps=%.1f p50=%.3f p99=%.3f errors=%d n=%d\n", name,
		float64(len(r.lat))/r.took.Seconds(), r.pct(50), r.pct(99), r.errors, len(r.lat))
	if r.errors > 0 {
		fmt.Fprintf(os.Stderr, "quizload: %s: %d errors, first: %s\n", name, r.errors, r.first)
	}
}

type attempt struct {
	ID        int64 `json:"id"`
	Questions []struct {
		ID      int64    `json:"id"`
		Type    string   `json:"type"`
		Options []string `json:"options"`
	} `json:"questions"`
}

type runner struct {
	base     string
	cl       *http.Client
	e        *exam
	attempts []attempt
}

func newRunner(base string, conns int, e *exam) *runner {
	return &runner{base: base, e: e, attempts: make([]attempt, len(e.tokens)),
		cl: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
			MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}}
}

// spread calls fn(i) for every learner at times spread evenly over window.
func (r *runner) spread(window time.Duration, fn func(i int) error) *result {
	n := len(r.e.tokens)
	res := &result{}
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range n {
		due := t0.Add(window * time.Duration(i) / time.Duration(n))
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := fn(i)
			res.add(time.Since(due), err)
		}()
	}
	wg.Wait()
	res.took = time.Since(t0)
	return res
}

func (r *runner) noop(window time.Duration) *result {
	return r.spread(window, func(int) error { return r.call("GET", "/healthz", "", nil, nil) })
}

func (r *runner) start(window time.Duration) *result {
	path := fmt.Sprintf("/api/v1/quizzes/%d/attempts", r.e.quizID)
	return r.spread(window, func(i int) error {
		return r.call("POST", path, r.e.tokens[i], nil, &r.attempts[i])
	})
}

// save: every learner answers a question every `every` (their first
// answer at a random moment of the first period) for `span`.
func (r *runner) save(every, span time.Duration) *result {
	res := &result{}
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range r.e.tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			due := t0.Add(time.Duration(rand.Int64N(int64(every))))
			for n := 0; due.Before(t0.Add(span)); n++ {
				time.Sleep(time.Until(due))
				res.add(time.Since(due), r.answer(i, n))
				due = due.Add(every)
			}
		}()
	}
	wg.Wait()
	res.took = time.Since(t0)
	return res
}

func (r *runner) answer(i, n int) error {
	a := r.attempts[i]
	if len(a.Questions) == 0 {
		return fmt.Errorf("learner %d has no attempt", i)
	}
	q := a.Questions[n%len(a.Questions)]
	body := map[string]any{"choices": []int{n % max(1, len(q.Options))}}
	path := fmt.Sprintf("/api/v1/attempts/%d/answers/%d", a.ID, q.ID)
	return r.call("PUT", path, r.e.tokens[i], body, nil)
}

func (r *runner) submit(window time.Duration) *result {
	return r.spread(window, func(i int) error {
		return r.call("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", r.attempts[i].ID), r.e.tokens[i], nil, nil)
	})
}

func (r *runner) call(method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := r.cl.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(data))
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}
