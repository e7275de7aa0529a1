package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

// result holds the latencies of one phase, each from the moment the
// request was due (open loop: a slow server cannot slow the arrivals).
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

// print writes the line scripts/bench.sh reads.
func (r *result) print(name string) {
	fmt.Printf("%s rps=%.1f p50=%.3f p99=%.3f errors=%d n=%d\n", name,
		float64(len(r.lat))/r.took.Seconds(), r.pct(50), r.pct(99), r.errors, len(r.lat))
	if r.errors > 0 {
		fmt.Fprintf(os.Stderr, "appraisalload: %s: %d errors, first: %s\n", name, r.errors, r.first)
	}
}

type runner struct {
	base string
	cl   *http.Client
}

func newRunner(base string, conns int) *runner {
	return &runner{base: base, cl: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}}
}

// spread calls fn(i) for i < n at times spread evenly over window.
func (r *runner) spread(n int, window time.Duration, fn func(i int) error) *result {
	res := &result{}
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range n {
		due := t0.Add(window * time.Duration(i) / time.Duration(n))
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.add(time.Since(due), fn(i))
		}()
	}
	wg.Wait()
	res.took = time.Since(t0)
	return res
}

func (r *runner) call(method, path, token string, body any) error {
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
	return nil
}
