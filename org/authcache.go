package org

import (
	"sync"
	"time"
)

// authCacheTTL bounds how long a revoked session or token may still be
// honoured by another process: each process forgets what it knows of a
// session after this long, and forgets at once when the change is its own.
const authCacheTTL = 5 * time.Second

// authCache remembers who owns a session or token for a few seconds, so a
// busy endpoint (heartbeats) does not pay two queries per request to learn
// who is asking.
type authCache struct {
	mu sync.Mutex
	m  map[string]cachedActor
}

type cachedActor struct {
	actor   *Actor
	expires time.Time
}

func (c *authCache) get(key string, now time.Time) *Actor {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.After(e.expires) {
		delete(c.m, key)
		return nil
	}
	return e.actor
}

func (c *authCache) put(key string, a *Actor, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 100000 {
		c.m = map[string]cachedActor{}
	}
	c.m[key] = cachedActor{actor: a, expires: now.Add(authCacheTTL)}
}

func (c *authCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// forgetUser drops every cached session and token of a user whose
// password, roles or status this process just changed.
func (c *authCache) forgetUser(userID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if e.actor.UserID == userID {
			delete(c.m, k)
		}
	}
}
