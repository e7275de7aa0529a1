package search

import (
	"context"
	"errors"
	"fmt"
)

// Two changes of one entity in quick succession give two jobs, which may
// run at once on different workers. The older job can read before the
// second change commits and write after the newer job has written: the
// index would keep the older state. No lock spans a job (reading a
// document's text takes seconds, and a lock held in a transaction would
// hold a pool connection for as long), and the jobs are not deduplicated
// (that would drop the later change). Instead every write is followed by a
// look at the entity's state: when it is no longer what was written, the
// current state is read and written in turn.
//
// Why that is enough: the last write to an entity is followed by a look
// that found the state it wrote, and a change committed after that look
// has a job that starts after it and would write again. So once the jobs
// are done, the index holds the state of the last change, whichever job
// wrote last; Replace converging on writes of one Version covers two jobs
// that write the same state at once.

// maxRounds bounds the writes that one job (or one entity of a rebuild)
// makes after its first: content that changes that often is left to River
// to try again later.
const maxRounds = 5

// errUnsettled: the entity kept changing while it was being indexed.
var errUnsettled = errors.New("kept changing while being indexed")

// reading is one look at an entity: the state seen (its source's Version,
// or the hash of its docs) and, once read, the docs of that state or a
// newer one.
type reading struct {
	state   string
	e       Entity
	problem *Problem
	loaded  bool
}

// look finds the entity's current state, from the source's Version when it
// has one, else by reading its docs.
func (s *Service) look(ctx context.Context, src Source, id int64) (reading, error) {
	v, ok := src.(Versioner)
	if !ok {
		return s.load(ctx, src, id, reading{})
	}
	state, err := v.Version(ctx, id)
	if err != nil {
		return reading{}, fmt.Errorf("search source %s %d: %w", src.Kind(), id, err)
	}
	return reading{state: "v" + state}, nil
}

// current is a look with its docs read.
func (s *Service) current(ctx context.Context, src Source, id int64) (reading, error) {
	r, err := s.look(ctx, src, id)
	if err != nil {
		return r, err
	}
	return s.load(ctx, src, id, r)
}

// load reads the docs of a look. A version is taken before the docs are
// read, so the docs are never older than the version says.
func (s *Service) load(ctx context.Context, src Source, id int64, r reading) (reading, error) {
	if r.loaded {
		return r, nil
	}
	e, problem, err := s.read(ctx, src, id)
	if err != nil {
		return reading{}, err
	}
	r.e, r.problem, r.loaded = e, problem, true
	if _, ok := src.(Versioner); !ok {
		r.state = "h" + e.Version
		if problem != nil {
			r.state += "\x00" + problem.Reason
		}
	}
	return r, nil
}

// write puts a loaded reading in the index and records its problem.
func (s *Service) write(ctx context.Context, r reading) error {
	r.e.restamp(nowMicros())
	if err := s.index.Replace(ctx, []Entity{r.e}); err != nil {
		return err
	}
	return s.record(ctx, r.e.Key, r.problem)
}

// settle follows the write of wrote: while the entity's state is another,
// it writes the current one.
func (s *Service) settle(ctx context.Context, src Source, id int64, wrote reading) error {
	for range maxRounds {
		now, err := s.look(ctx, src, id)
		if err != nil || now.state == wrote.state {
			return err
		}
		if now, err = s.load(ctx, src, id, now); err != nil {
			return err
		}
		if err := s.write(ctx, now); err != nil {
			return err
		}
		wrote = now
	}
	return fmt.Errorf("search %s %w: the job tries again later", EntityKey(src.Kind(), id), errUnsettled)
}
