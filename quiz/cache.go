package quiz

import (
	"context"
	"slices"
	"sync"
	"time"

	"lms/internal/db"
)

// ttlCache keeps values for a short while. A synchronized exam start asks
// for the same quiz, draw pools and questions thousands of times a minute;
// a few seconds of staleness after a trainer's edit is harmless there,
// because grading always reads the answer key from the database.
type ttlCache[K comparable, V any] struct {
	mu   sync.Mutex
	ttl  time.Duration
	max  int
	data map[K]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v       V
	expires time.Time
}

func newTTLCache[K comparable, V any](ttl time.Duration, max int) *ttlCache[K, V] {
	return &ttlCache[K, V]{ttl: ttl, max: max, data: map[K]ttlEntry[V]{}}
}

func (c *ttlCache[K, V]) get(k K, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.data[k]
	if !ok || now.After(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (c *ttlCache[K, V]) put(k K, v V, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.data) >= c.max {
		clear(c.data) // crude, but bounded; a miss costs one query
	}
	c.data[k] = ttlEntry[V]{v: v, expires: now.Add(c.ttl)}
}

// caches are the Service's short-lived read caches.
type caches struct {
	quizzes   *ttlCache[int64, *Quiz]
	pools     *ttlCache[poolKey, []int64]
	questions *ttlCache[int64, *Question]
}

func newCaches() caches {
	return caches{
		quizzes:   newTTLCache[int64, *Quiz](5*time.Second, 1000),
		pools:     newTTLCache[poolKey, []int64](5*time.Second, 1000),
		questions: newTTLCache[int64, *Question](30*time.Second, 20000),
	}
}

// poolKey names the questions a rule draws from.
type poolKey struct {
	bank       int64
	tag        string
	difficulty int
}

// cachedPool is poolIDs through the cache; callers get their own copy,
// since drawing shuffles it.
func (s *Service) cachedPool(ctx context.Context, q db.DBTX, r Rule) ([]int64, error) {
	k, now := poolKey{r.BankID, r.Tag, r.Difficulty}, s.now()
	if ids, ok := s.cache.pools.get(k, now); ok {
		return slices.Clone(ids), nil
	}
	ids, err := poolIDs(ctx, q, r)
	if err != nil {
		return nil, err
	}
	s.cache.pools.put(k, ids, now)
	return slices.Clone(ids), nil
}

// cachedQuestions loads questions for display through the cache.
func (s *Service) cachedQuestions(ctx context.Context, q db.DBTX, ids []int64) (map[int64]*Question, error) {
	now := s.now()
	out := make(map[int64]*Question, len(ids))
	var missing []int64
	for _, id := range ids {
		if x, ok := s.cache.questions.get(id, now); ok {
			out[id] = x
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	loaded, err := questionsByID(ctx, q, missing)
	if err != nil {
		return nil, err
	}
	for id, x := range loaded {
		s.cache.questions.put(id, x, now)
		out[id] = x
	}
	return out, nil
}

// cachedQuiz is loadQuiz through the cache, as a copy the caller may change.
func (s *Service) cachedQuiz(ctx context.Context, id int64) (*Quiz, error) {
	now := s.now()
	z, ok := s.cache.quizzes.get(id, now)
	if !ok {
		var err error
		if z, err = s.loadQuiz(ctx, id); err != nil {
			return nil, err
		}
		s.cache.quizzes.put(id, z, now)
	}
	cp := *z
	return &cp, nil
}

// currentQuestions loads questions exactly as the database has them now
// (for grading, in the grading transaction), decoding only those that
// changed since they were cached.
func (s *Service) currentQuestions(ctx context.Context, q db.DBTX, ids []int64) (map[int64]*Question, error) {
	versions, err := questionVersions(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make(map[int64]*Question, len(ids))
	var stale []int64
	for id, at := range versions {
		if x, ok := s.cache.questions.get(id, now); ok && x.UpdatedAt.Equal(at) {
			out[id] = x
		} else {
			stale = append(stale, id)
		}
	}
	if len(stale) == 0 {
		return out, nil
	}
	loaded, err := questionsByID(ctx, q, stale)
	for id, x := range loaded {
		s.cache.questions.put(id, x, now)
		out[id] = x
	}
	return out, err
}
