package search

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Access tells what a viewer may see. The courses feature implements it
// (assignments, enrollments, trainers' courses, committees' subtrees);
// until it is wired, every viewer sees published open docs and their own,
// admins everything.
type Access interface {
	Filter(ctx context.Context, v Viewer) (Filter, error)
}

// Service is search for the platform: the index, the sources that feed it,
// and the recorded problems.
type Service struct {
	db      db.DBTX
	index   Index
	sources map[string]Source
	access  Access
	jobs    Inserter
	// audiences give a viewer's audience tokens (see AddAudience).
	audiences []AudienceFunc
}

// NewService returns search over idx, recording problems in pool.
func NewService(pool db.DBTX, idx Index) *Service {
	return &Service{db: pool, index: idx, sources: map[string]Source{}}
}

// Register adds a source of content; its Kind names the entities it feeds.
func (s *Service) Register(src Source) error {
	k := src.Kind()
	if !sourceKindRe.MatchString(k) {
		return fmt.Errorf("search source kind %q: use lower case letters, digits and _", k)
	}
	if _, dup := s.sources[k]; dup {
		return fmt.Errorf("search source %q registered twice", k)
	}
	s.sources[k] = src
	return nil
}

// SetAccess wires the permission rules of the courses feature.
func (s *Service) SetAccess(a Access) { s.access = a }

// SetJobs gives the service the job client, once it is built.
func (s *Service) SetJobs(j Inserter) { s.jobs = j }

// Index is the backend, for commands that fill it directly.
func (s *Service) Index() Index { return s.index }

// ErrUnavailable wraps a backend failure while searching.
var ErrUnavailable = errors.New("search backend unavailable")

// Filter is what v may see. It is built from who v is, never from the
// request: a parameter can only narrow it.
func (s *Service) Filter(ctx context.Context, v Viewer) (Filter, error) {
	if s.access == nil {
		return s.withAudience(ctx, v, Filter{All: v.Admin, UserID: v.UserID, Trainer: v.Trainer || v.Admin})
	}
	f, err := s.access.Filter(ctx, v)
	if err != nil {
		return Filter{}, err
	}
	f.UserID = v.UserID
	return s.withAudience(ctx, v, f)
}

// Search answers a query for v.
func (s *Service) Search(ctx context.Context, v Viewer, q Query) (*Result, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	f, err := s.Filter(ctx, v)
	if err != nil {
		return nil, err
	}
	q.Filter = f
	r, err := s.index.Search(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return r, nil
}

// Suggest returns a few titles for what is being typed.
func (s *Service) Suggest(ctx context.Context, v Viewer, text string) ([]Hit, error) {
	r, err := s.Search(ctx, v, Query{Text: text, PerPage: 8})
	if err != nil {
		return nil, err
	}
	return r.Hits, nil
}

// Problems lists the indexing problems v may fix: trainers and admins only.
func (s *Service) Problems(ctx context.Context, v Viewer, page, perPage int) ([]Problem, error) {
	if !v.Trainer && !v.Admin {
		return nil, apperr.Forbiddenf("只有讲师和管理员可以查看索引问题")
	}
	f, err := s.Filter(ctx, v)
	if err != nil {
		return nil, err
	}
	return listProblems(ctx, s.db, f, perPage, (max(page, 1)-1)*perPage)
}

// IndexEntity makes the index hold the current docs of one entity: the
// indexing job's work. It is idempotent; an error means "try again". Jobs
// of one entity may run at once: each checks after writing that what it
// wrote is still current, and writes again if not (settle.go).
func (s *Service) IndexEntity(ctx context.Context, kind string, id int64) error {
	src, ok := s.sources[kind]
	if !ok {
		return fmt.Errorf("no search source %q in this process", kind)
	}
	r, err := s.current(ctx, src, id)
	if err != nil {
		return err
	}
	if err := s.write(ctx, r); err != nil {
		return err
	}
	return s.settle(ctx, src, id, r)
}

// read asks a source for an entity's docs; a content problem comes back
// with whatever could be read. The docs are stamped when written.
func (s *Service) read(ctx context.Context, src Source, id int64) (Entity, *Problem, error) {
	docs, err := src.Docs(ctx, id)
	var ce *ContentError
	if err != nil && !errors.As(err, &ce) {
		return Entity{}, nil, fmt.Errorf("search source %s %d: %w", src.Kind(), id, err)
	}
	e, cut := makeEntity(src.Kind(), id, docs, 0)
	if ce == nil {
		ce = cut
	}
	if ce == nil {
		return e, nil, nil
	}
	p := problemOf(e.Key, ce, docs)
	return e, &p, nil
}

func problemOf(key string, ce *ContentError, docs []Doc) Problem {
	p := Problem{Entity: key, CourseID: ce.CourseID, LessonID: ce.LessonID, Title: ce.Title,
		OwnerIDs: ce.OwnerIDs, Reason: ce.Reason}
	if ce.Err != nil {
		p.Detail = cut(ce.Err.Error(), 500)
	}
	if len(docs) > 0 { // the source said less than it knew: take it from its docs
		d := docs[0]
		p.CourseID, p.LessonID = cmpOr(p.CourseID, d.CourseID), cmpOr(p.LessonID, d.LessonID)
		if p.Title == "" {
			p.Title = d.Title
		}
		if p.OwnerIDs == nil {
			p.OwnerIDs = d.OwnerIDs
		}
	}
	return p
}

func cmpOr(a, b int64) int64 {
	if a != 0 {
		return a
	}
	return b
}

func (s *Service) record(ctx context.Context, key string, p *Problem) error {
	if p == nil {
		return clearProblem(ctx, s.db, key)
	}
	return saveProblem(ctx, s.db, *p)
}

// SourceKinds lists the registered sources, sorted.
func (s *Service) SourceKinds() []string {
	out := make([]string, 0, len(s.sources))
	for k := range s.sources {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
