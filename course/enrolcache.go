package course

import "sync"

// enrolCache remembers enrollments already seen. An enrollment is never
// removed while its course exists, so a positive answer stays true and the
// heartbeat path asks PostgreSQL only about pairs it has not seen yet.
type enrolCache struct {
	mu sync.Mutex
	m  map[[2]int64]bool
}

func (c *enrolCache) has(k [2]int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *enrolCache) add(k [2]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 1_000_000 {
		c.m = map[[2]int64]bool{}
	}
	c.m[k] = true
}
