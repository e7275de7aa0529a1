// Package search is full-text search over the study materials, in Chinese:
// one Index interface with two backends (Meilisearch when LMS_MEILI_URL is
// set, an embedded Bleve index otherwise), the River job that keeps the index
// true, and the text extraction of PDF, DOCX and PPTX documents.
//
// Content comes from the other features through Sources: a Source returns
// the current documents of one entity (a course, a lesson, a question bank),
// and the indexing job replaces whatever the index held for that entity with
// them. A Source that returns no documents (deleted, unpublished and hidden)
// removes the entity from results as soon as the job has run.
package search

import (
	"context"
	"errors"
	"fmt"
	"regexp"
)

// Kinds of searchable documents, in the order the results page shows them.
const (
	KindCourse   = "course"   // a course: title, summary, tags
	KindLesson   = "lesson"   // a lesson: title and article text
	KindPage     = "page"     // one page of a document lesson
	KindCue      = "cue"      // one subtitle cue of a video lesson
	KindQuestion = "question" // a quiz question, for trainers only (never its answer)
	KindNotice   = "notice"   // a notice (通知公告), for its audience (see Doc.Audience)
)

// Kinds lists every kind in display order.
var Kinds = []string{KindCourse, KindLesson, KindPage, KindCue, KindQuestion, KindNotice}

func validKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Doc is one searchable document. Sources fill everything but ID, Entity
// and Stamp, which the indexer sets.
type Doc struct {
	ID     string `json:"id"`
	Entity string `json:"entity"` // "lesson:12": the source entity the doc belongs to
	Kind   string `json:"kind"`

	CourseID int64   `json:"course_id"`
	LessonID int64   `json:"lesson_id"`
	Title    string  `json:"title"`
	Body     string  `json:"body"`
	Page     int     `json:"page"`    // 1-based page of a document lesson
	Seconds  float64 `json:"seconds"` // start of a subtitle cue
	URL      string  `json:"url"`     // a site path; empty: derived from kind and ids

	// Who may see it (see Filter).
	Published   bool     `json:"published"`
	Open        bool     `json:"open"` // open to every learner, not only those assigned
	TrainerOnly bool     `json:"trainer_only"`
	OwnerIDs    []int64  `json:"owner_ids"`
	Category    string   `json:"category"`
	Tags        []string `json:"tags"`
	// Audience, for docs that belong to no course: whoever holds one of
	// these tokens (Filter.Audience) sees the doc. A source makes them.
	Audience []string `json:"audience,omitempty"`

	Stamp int64 `json:"indexed_at"` // when indexed, in microseconds since 1970
}

// Source gives the documents of one kind of entity. Kind names the entity
// ("course", "lesson", "quiz_bank": lower case letters, digits and _), Docs
// returns its current documents (none when it is deleted or must not be
// found any more), IDs every entity that exists, for `lms search reindex`.
//
// When part of an entity cannot be read (an encrypted PDF), Docs returns the
// documents it could make together with a *ContentError: the job indexes
// those, records the problem for the trainer and does not retry. Any other
// error is retried.
type Source interface {
	Kind() string
	Docs(ctx context.Context, id int64) ([]Doc, error)
	IDs(ctx context.Context) ([]int64, error)
}

// Versioner is a Source that can tell cheaply which state of an entity is
// current, without reading what is slow to read (a document's text).
// Version must change whenever Docs would return something else: the
// indexing job trusts an unchanged version to mean that what it wrote is
// still current. A Source without it is checked by reading its docs again.
type Versioner interface {
	Version(ctx context.Context, id int64) (string, error)
}

// Entity is what one Replace call holds for one source entity.
type Entity struct {
	Key     string // "lesson:12"
	Docs    []Doc
	Stamp   int64  // when written
	Version string // HashDocs of the docs: alike for alike content
}

// Index is a search backend. Replace makes each entity's docs the whole of
// what the index holds for it (docs of the entity not in the list go), and
// returns only once the change is searchable. Several workers may replace
// one entity at once; once the only writes still under way carry the same
// Version, the entity ends with exactly those docs, however the steps of
// the writes interleaved. DeleteBefore removes docs stamped before t: `lms
// search reindex` uses it to drop what it did not see. Search answers a
// query whose Filter the Service has set.
type Index interface {
	Replace(ctx context.Context, entities []Entity) error
	DeleteBefore(ctx context.Context, stampMicros int64) error
	Search(ctx context.Context, q Query) (*Result, error)
	Count(ctx context.Context) (int, error)
	Close() error
}

// ContentError is a problem with the content itself, which retrying will
// not cure: a trainer has to fix the file. Reason is shown to them.
type ContentError struct {
	Reason   string
	CourseID int64
	LessonID int64
	Title    string
	OwnerIDs []int64
	Err      error
}

func (e *ContentError) Error() string {
	if e.Err != nil {
		return e.Reason + ": " + e.Err.Error()
	}
	return e.Reason
}

func (e *ContentError) Unwrap() error { return e.Err }

func contentErr(err error, format string, args ...any) *ContentError {
	return &ContentError{Reason: fmt.Sprintf(format, args...), Err: err}
}

// IsContentError reports whether err is (or wraps) a *ContentError.
func IsContentError(err error) bool {
	var ce *ContentError
	return errors.As(err, &ce)
}

var sourceKindRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}$`)

// EntityKey names a source entity in the index.
func EntityKey(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// docID gives the n-th doc of an entity an id both backends accept.
func docID(kind string, id int64, n int) string { return fmt.Sprintf("%s-%d-%d", kind, id, n) }
