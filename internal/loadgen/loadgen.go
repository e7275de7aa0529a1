// Package loadgen is the open-loop load of the bench's Go load generators
// (cmd/quizload, cmd/appraisalload): arrivals spread evenly over a window,
// each latency counted from when its request was due, so a slow server
// cannot slow the arrivals; and the line scripts/bench.sh reads.
package loadgen

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

// Result holds the latencies of one phase.
type Result struct {
	mu     sync.Mutex
	lat    []time.Duration
	errors int
	first  string
	Took   time.Duration
}

// Add records one request's latency, or its error.
func (r *Result) Add(d time.Duration, err error) {
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

// Pct is the p-th percentile latency in milliseconds.
func (r *Result) Pct(p int) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	return float64(s[min(len(s)-1, len(s)*p/100)].Microseconds()) / 1000
}

// Errors is how many requests failed.
func (r *Result) Errors() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.errors
}

// Print writes the line scripts/bench.sh reads; errors go to stderr under
// the generator's name.
func (r *Result) Print(tool, name string) {
	fmt.Printf("%s rps=%.1f p50=%.3f p99=%.3f errors=%d n=%d\n", name,
		float64(len(r.lat))/r.Took.Seconds(), r.Pct(50), r.Pct(99), r.errors, len(r.lat))
	if r.errors > 0 {
		fmt.Fprintf(os.Stderr, "%s: %s: %d errors, first: %s\n", tool, name, r.errors, r.first)
	}
}

// Client calls the server's JSON API over a bounded number of connections.
type Client struct {
	Base string
	cl   *http.Client
}

// NewClient keeps at most conns connections to base.
func NewClient(base string, conns int) *Client {
	return &Client{Base: base, cl: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}}
}

// Spread calls fn(i) for i < n at times spread evenly over window.
func Spread(n int, window time.Duration, fn func(i int) error) *Result {
	res := &Result{}
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range n {
		due := t0.Add(window * time.Duration(i) / time.Duration(n))
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Add(time.Since(due), fn(i))
		}()
	}
	wg.Wait()
	res.Took = time.Since(t0)
	return res
}

// Call sends body as JSON with the bearer token (if any) and decodes the
// answer into out (if any); a status of 300 or more is an error.
func (c *Client) Call(method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.Base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.cl.Do(req)
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
