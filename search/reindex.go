package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
// job ran, for one) is dropped. Jobs may run meanwhile: an entity that
// changed after the rebuild read it is written again, as its job would
// (settle.go), and what jobs write is stamped after the rebuild began, so
// it stays. An entity that kept changing is named in the error, after the
// rest is done.
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
	if len(b.unsettled) > 0 {
		return st, fmt.Errorf("search reindex: %s %w: run it again", strings.Join(b.unsettled, ", "), errUnsettled)
	}
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
	s         *Service
	st        *ReindexStats
	progress  Progress
	total     int
	batch     []pending
	docs      int
	unsettled []string
}

// pending is an entity read for the next batch.
type pending struct {
	src Source
	id  int64
	r   reading
}

func (b *rebuild) add(ctx context.Context, src Source, id int64) error {
	r, err := b.s.current(ctx, src, id)
	if err != nil {
		return err
	}
	b.batch = append(b.batch, pending{src: src, id: id, r: r})
	b.docs += len(r.e.Docs)
	if len(b.batch) >= reindexEntities || b.docs >= reindexDocs {
		return b.flush(ctx)
	}
	return nil
}

func (b *rebuild) flush(ctx context.Context) error {
	if len(b.batch) == 0 {
		return nil
	}
	stamp := nowMicros()
	entities := make([]Entity, len(b.batch))
	for i := range b.batch {
		b.batch[i].r.e.restamp(stamp)
		entities[i] = b.batch[i].r.e
	}
	if err := b.s.index.Replace(ctx, entities); err != nil {
		return err
	}
	for _, p := range b.batch {
		if err := b.s.record(ctx, p.r.e.Key, p.r.problem); err != nil {
			return err
		}
		if p.r.problem != nil {
			b.st.Problems++
		}
	}
	if err := b.settle(ctx); err != nil {
		return err
	}
	b.st.Entities += len(b.batch)
	b.st.Docs += b.docs
	b.batch, b.docs = nil, 0
	if b.progress != nil {
		b.progress(b.st.Entities, b.total)
	}
	return nil
}

// settle writes again what changed since the batch read it: a job that
// wrote the change before this batch landed has finished, and must not
// be undone by it.
func (b *rebuild) settle(ctx context.Context) error {
	for _, p := range b.batch {
		err := b.s.settle(ctx, p.src, p.id, p.r)
		if errors.Is(err, errUnsettled) {
			b.unsettled = append(b.unsettled, p.r.e.Key)
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}
