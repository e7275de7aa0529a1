package main

import (
	"context"
	"fmt"
	"strings"

	"lms/course"
	"lms/internal/apperr"
	"lms/media"
	"lms/quiz"
	"lms/search"
)

// The content search indexes, read from each feature through its
// searchdocs.go functions. Who may find a doc follows the course it belongs
// to: Published and Open as the course is now, so unpublishing a course
// (one job per lesson, enqueued with the change) hides its lessons, pages
// and video moments from learners while its trainers still find them.

// Source kinds: the entities the indexing job is asked about.
const (
	srcCourse = "course"    // a course's own doc
	srcLesson = "lesson"    // a lesson: its title and article, or its document's pages
	srcCue    = "cue"       // a video lesson's subtitle cues (by lesson id)
	srcBank   = "quiz_bank" // a question bank's questions, for trainers only
)

// courseDoc is the template of every doc of a course: who may see it.
func courseDoc(c *course.Course) search.Doc {
	return search.Doc{CourseID: c.ID, Published: c.State == "published", Open: c.Open,
		OwnerIDs: c.OwnerIDs, Category: c.Category}
}

// gone tells a deleted entity (no docs: it leaves the index) from a failure
// to read it (retried).
func gone(err error) bool { return apperr.Is(err, apperr.NotFound) }

type courseSource struct{ c *course.Service }

func (courseSource) Kind() string { return srcCourse }

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

type lessonSource struct{ c *course.Service }

func (lessonSource) Kind() string { return srcLesson }

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
	l    *course.Lesson
	c    *course.Course
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
		d.Body = htmlText(l.ArticleHTML)
	case "document":
		d.Body = l.DocName
	}
	return &lessonHead{l: l, c: c, base: base, doc: d}, nil
}

type cueSource struct {
	c *course.Service
	m *media.Service
}

func (cueSource) Kind() string { return srcCue }

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
	cues, err := s.m.SubtitleCues(ctx, *l.MediaAssetID)
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

type bankSource struct{ q *quiz.Service }

func (bankSource) Kind() string { return srcBank }

func (s bankSource) IDs(ctx context.Context) ([]int64, error) { return s.q.BankIDs(ctx) }

// Docs: each live question's stem and choices, for the bank's author and
// the trainers of its course (trainer only: learners never find them). The
// answer key never reaches the index: quiz hands out no answers here.
func (s bankSource) Docs(ctx context.Context, id int64) ([]search.Doc, error) {
	b, err := s.q.BankForSearch(ctx, id)
	if gone(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(b.Questions))
	for _, q := range b.Questions {
		stem := htmlText(q.Stem)
		title := q.Title
		if title == "" {
			title = firstRunes(stem, 60)
		}
		body := stem
		for i, choice := range q.Choices {
			body += fmt.Sprintf("\n%c. %s", 'A'+i, htmlText(choice))
		}
		docs = append(docs, search.Doc{Kind: search.KindQuestion, CourseID: b.CourseID, Title: title, Body: body,
			Tags: q.Tags, TrainerOnly: true, OwnerIDs: []int64{b.CreatedBy},
			URL: fmt.Sprintf("/quiz/questions/%d/edit", q.ID)})
	}
	return docs, nil
}

func firstRunes(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
