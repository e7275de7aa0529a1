package main

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"lms/internal/loadgen"
)

type attempt struct {
	ID        int64 `json:"id"`
	Questions []struct {
		ID      int64    `json:"id"`
		Type    string   `json:"type"`
		Options []string `json:"options"`
	} `json:"questions"`
}

type runner struct {
	*loadgen.Client
	e        *exam
	attempts []attempt
}

func newRunner(base string, conns int, e *exam) *runner {
	return &runner{Client: loadgen.NewClient(base, conns), e: e, attempts: make([]attempt, len(e.tokens))}
}

// spread calls fn(i) for every learner at times spread evenly over window.
func (r *runner) spread(window time.Duration, fn func(i int) error) *loadgen.Result {
	return loadgen.Spread(len(r.e.tokens), window, fn)
}

func (r *runner) noop(window time.Duration) *loadgen.Result {
	return r.spread(window, func(int) error { return r.Call("GET", "/healthz", "", nil, nil) })
}

func (r *runner) start(window time.Duration) *loadgen.Result {
	path := fmt.Sprintf("/api/v1/quizzes/%d/attempts", r.e.quizID)
	return r.spread(window, func(i int) error {
		return r.Call("POST", path, r.e.tokens[i], nil, &r.attempts[i])
	})
}

// save: every learner answers a question every `every` (their first
// answer at a random moment of the first period) for `span`.
func (r *runner) save(every, span time.Duration) *loadgen.Result {
	res := &loadgen.Result{}
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range r.e.tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			due := t0.Add(time.Duration(rand.Int64N(int64(every))))
			for n := 0; due.Before(t0.Add(span)); n++ {
				time.Sleep(time.Until(due))
				res.Add(time.Since(due), r.answer(i, n))
				due = due.Add(every)
			}
		}()
	}
	wg.Wait()
	res.Took = time.Since(t0)
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
	return r.Call("PUT", path, r.e.tokens[i], body, nil)
}

func (r *runner) submit(window time.Duration) *loadgen.Result {
	return r.spread(window, func(i int) error {
		return r.Call("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", r.attempts[i].ID), r.e.tokens[i], nil, nil)
	})
}
