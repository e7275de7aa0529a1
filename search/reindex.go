package search

import (
	"context"
	"fmt"
	"time"
)

// ReindexStats is what a rebuild did.
type ReindexStats struct {
	Entities int
	Docs     int
	Problems int
	Took     time.Duration
}

// Progress is told how many entities are done out of how many.
type Progress func(done, total int)

// Batch sizes for the rebuild: entities per Replace, and docs that flush a
// batch early (a long document's pages).
const (
	reindexEntities = 200
	reindexDocs     = 2000
)

// Reindex rebuilds the index from the sources, the cure for any drift:
// every entity of every source is read again and replaced, then whatever
// the index held from before the rebuild began (entities deleted while no
// job ran, for one) is dropped. Jobs may run meanwhile: what they write is
// newer and stays.
func (s *Service) Reindex(ctx context.Context, progress Progress) (ReindexStats, error) {
	began := time.Now()
	start := nowMicros()
	ids, total, err := s.allIDs(ctx)
	if err != nil {
		return ReindexStats{}, err
	}
	st := ReindexStats{}
	b := &rebuild{s: s, st: &st, progress: progress, total: total}
	for _, kind := range s.SourceKinds() {
		for _, id := range ids[kind] {
			if err := b.add(ctx, s.sources[kind], id); err != nil {
				return st, err
			}
		}
	}
	if err := b.flush(ctx); err != nil {
		return st, err
	}
	if err := s.index.DeleteBefore(ctx, start); err != nil {
		return st, err
	}
	st.Took = time.Since(began)
	return st, nil
}

func (s *Service) allIDs(ctx context.Context) (map[string][]int64, int, error) {
	ids := map[string][]int64{}
	total := 0
	for kind, src := range s.sources {
		list, err := src.IDs(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("search source %s: %w", kind, err)
		}
		ids[kind] = list
		total += len(list)
	}
	return ids, total, nil
}

// rebuild gathers entities into batches.
type rebuild struct {
	s        *Service
	st       *ReindexStats
	progress Progress
	total    int
	batch    []Entity
	problems map[string]*Problem
	docs     int
}

func (b *rebuild) add(ctx context.Context, src Source, id int64) error {
	e, p, err := b.s.read(ctx, src, id, nowMicros())
	if err != nil {
		return err
	}
	if b.problems == nil {
		b.problems = map[string]*Problem{}
	}
	b.batch, b.problems[e.Key] = append(b.batch, e), p
	b.docs += len(e.Docs)
	if len(b.batch) >= reindexEntities || b.docs >= reindexDocs {
		return b.flush(ctx)
	}
	return nil
}

func (b *rebuild) flush(ctx context.Context) error {
	if len(b.batch) == 0 {
		return nil
	}
	if err := b.s.index.Replace(ctx, b.batch); err != nil {
		return err
	}
	for key, p := range b.problems {
		if err := b.s.record(ctx, key, p); err != nil {
			return err
		}
		if p != nil {
			b.st.Problems++
		}
	}
	b.st.Entities += len(b.batch)
	b.st.Docs += b.docs
	b.batch, b.problems, b.docs = nil, nil, 0
	if b.progress != nil {
		b.progress(b.st.Entities, b.total)
	}
	return nil
}
