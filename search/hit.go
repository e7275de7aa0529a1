package search

import (
	"fmt"
	"strconv"
	"strings"
)

// Link is the page a doc opens: a document lesson at its page, a video
// lesson at the cue's second.
func Link(d Doc) string {
	if strings.HasPrefix(d.URL, "/") && !strings.HasPrefix(d.URL, "//") {
		return d.URL
	}
	switch d.Kind {
	case KindCourse:
		return fmt.Sprintf("/courses/%d", d.CourseID)
	case KindLesson:
		return fmt.Sprintf("/lessons/%d", d.LessonID)
	case KindPage:
		return fmt.Sprintf("/lessons/%d?page=%d", d.LessonID, max(d.Page, 1))
	case KindCue:
		return fmt.Sprintf("/lessons/%d?t=%s", d.LessonID, strconv.FormatFloat(d.Seconds, 'f', -1, 64))
	}
	return ""
}

// Clock writes a cue's time as m:ss or h:mm:ss.
func (h Hit) Clock() string {
	s := int(h.Seconds)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// toHit turns a stored doc into a result, highlighting the query's terms.
func toHit(d Doc, terms []term) Hit {
	return Hit{
		ID: d.ID, Kind: d.Kind, CourseID: d.CourseID, LessonID: d.LessonID,
		Title: highlight(d.Title, terms, 120), Snippet: highlight(d.Body, terms, SnippetRunes),
		Page: d.Page, Seconds: d.Seconds, URL: Link(d), Category: d.Category,
	}
}
