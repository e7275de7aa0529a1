package course

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/search"
)

// The content of courses that search indexes. Who may find a doc follows
// the course it belongs to: Published and Open as the course is now, so
// unpublishing a course (one job per lesson, enqueued with the change)
// hides its lessons, pages and video moments from learners while its
// trainers still find them.

// Source kinds: the entities the indexing job is asked about.
const (
	SearchCourse = "course" // a course's own doc
	SearchLesson = "lesson" // a lesson: its title and article, or its document's pages
	SearchCue    = "cue"    // a video lesson's subtitle cues (by lesson id)
)

// Subtitles is what the cue source needs of media: the cues of a lecture.
type Subtitles interface {
	CueTexts(ctx context.Context, assetID int64) ([]SubtitleCue, error)
}

// SubtitleCue is one subtitle line of a lecture.
type SubtitleCue struct {
	Start float64
	Text  string
}

// SearchSources are the course feature's sources of search content.
func (s *Service) SearchSources(subs Subtitles) []search.Source {
	return []search.Source{courseSource{s}, lessonSource{s}, cueSource{s, subs}}
}

// courseDoc is the template of every doc of a course: who may see it.
func courseDoc(c *Course) search.Doc {
	return search.Doc{CourseID: c.ID, Published: c.State == "published", Open: c.Open,
		OwnerIDs: c.OwnerIDs, Category: c.Category}
}

// gone tells a deleted entity (no docs: it leaves the index) from a failure
// to read it (retried).
func gone(err error) bool { return apperr.Is(err, apperr.NotFound) }

type courseSource struct{ c *Service }

func (courseSource) Kind() string { return SearchCourse }

func (s courseSource) IDs(ctx context.Context) ([]int64, error) { return s.c.CourseIDs(ctx) }

func (s courseSource) Docs(ctx context.Context, id int64) ([]search.Doc, error) {
	c, err := s.c.CourseForSearch(ctx, id)
	if gone(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d := courseDoc(c)
	d.Kind, d.Title, d.Body, d.Tags = search.KindCourse, c.Title, c.Summary, c.Tags
	return []search.Doc{d}, nil
}

type lessonSource struct{ c *Service }

func (lessonSource) Kind() string { return SearchLesson }

func (s lessonSource) IDs(ctx context.Context) ([]int64, error) { return s.c.LessonIDs(ctx, false) }

// Docs: the lesson itself (title, article text) and, for a document
// lesson, one doc per page of its file. A file that cannot be read is
// recorded for the trainer; the lesson stays findable by its title.
func (s lessonSource) Docs(ctx context.Context, id int64) ([]search.Doc, error) {
	h, err := s.head(ctx, id)
	if gone(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	docs := []search.Doc{h.doc}
	if h.l.Kind != "document" || h.l.DocKey == "" {
		return docs, nil
	}
	pages, err := s.pages(ctx, h.l)
	docs = append(docs, search.PageDocs(h.base, pages)...)
	if ce := asContentError(err); ce != nil {
		ce.CourseID, ce.LessonID, ce.Title, ce.OwnerIDs = h.c.ID, h.l.ID, h.l.Title, h.c.OwnerIDs
		return docs, ce
	}
	return docs, err
}

// Version spares the indexing job a second extraction of the document
// when it checks that what it wrote is still current: the pages follow
// from the lesson's own doc and the file's key (an upload is a new key).
func (s lessonSource) Version(ctx context.Context, id int64) (string, error) {
	h, err := s.head(ctx, id)
	if gone(err) {
		return "gone", nil
	}
	if err != nil {
		return "", err
	}
	return search.HashDocs([]search.Doc{h.doc}, h.l.Kind, h.l.DocKey), nil
}

// lessonHead is what a lesson's docs say short of its document's text.
type lessonHead struct {
	l    *Lesson
	c    *Course
	base search.Doc // the template of its pages
	doc  search.Doc // the lesson's own doc
}

func (s lessonSource) head(ctx context.Context, id int64) (*lessonHead, error) {
	l, c, err := s.c.LessonForSearch(ctx, id)
	if err != nil {
		return nil, err
	}
	base := courseDoc(c)
	base.LessonID, base.Title = l.ID, l.Title
	d := base
	d.Kind = search.KindLesson
	switch l.Kind {
	case "article":
		d.Body = search.HTMLText(l.ArticleHTML)
	case "document":
		d.Body = l.DocName
	}
	return &lessonHead{l: l, c: c, base: base, doc: d}, nil
}

// pages reads a document lesson's file from the object store into a
// temporary file (the extractors need random access) and splits its text
// into pages. A problem with the file is a *search.ContentError.
func (s lessonSource) pages(ctx context.Context, l *Lesson) ([]string, error) {
	r, err := s.c.LessonDocumentForSearch(ctx, l)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	tmp, err := os.CreateTemp("", "lms-index-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	size, err := io.Copy(tmp, io.LimitReader(r, search.MaxDocumentBytes+1))
	if err != nil {
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, &search.ContentError{Reason: "文档文件在存储中缺失，无法检索：请重新上传", Err: err}
		}
		return nil, fmt.Errorf("read document of lesson %d: %w", l.ID, err)
	}
	return search.ExtractPages(ctx, tmp, size)
}

func asContentError(err error) *search.ContentError {
	var ce *search.ContentError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

type cueSource struct {
	c    *Service
	subs Subtitles
}

func (cueSource) Kind() string { return SearchCue }

func (s cueSource) IDs(ctx context.Context) ([]int64, error) { return s.c.LessonIDs(ctx, true) }

// Docs: one doc per subtitle cue of the lesson's lecture, opening the
// video at the cue's second.
func (s cueSource) Docs(ctx context.Context, lessonID int64) ([]search.Doc, error) {
	l, c, err := s.c.LessonForSearch(ctx, lessonID)
	if gone(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if l.Kind != "video" || l.MediaAssetID == nil {
		return nil, nil
	}
	cues, err := s.subs.CueTexts(ctx, *l.MediaAssetID)
	if err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(cues))
	for _, cue := range cues {
		d := courseDoc(c)
		d.Kind, d.LessonID, d.Title, d.Body, d.Seconds = search.KindCue, l.ID, l.Title, cue.Text, cue.Start
		docs = append(docs, d)
	}
	return docs, nil
}
