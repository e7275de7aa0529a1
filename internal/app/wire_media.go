package app

import (
	"context"
	"time"

	"lms/course"
	"lms/media"
)

// mediaForCourses is the narrow view the courses feature has of media:
// a lecture's length and the media time a learner really fetched.
type mediaForCourses struct{ m *media.Service }

func (a mediaForCourses) AssetDuration(ctx context.Context, id int64) (float64, int64, bool, error) {
	info, err := a.m.AssetInfo(ctx, id)
	return info.Duration, info.OwnerID, info.State == "ready", err
}

func (a mediaForCourses) FetchedIn(ctx context.Context, since time.Time, qs []course.FetchQuery) ([][]course.Span, error) {
	mq := make([]media.FetchQuery, len(qs))
	for i, q := range qs {
		mq[i] = media.FetchQuery{UserID: q.UserID, AssetID: q.AssetID, From: q.From, To: q.To}
	}
	spans, err := a.m.FetchedIn(ctx, since, mq)
	out := make([][]course.Span, len(spans))
	for i, list := range spans {
		for _, s := range list {
			out[i] = append(out[i], course.Span{Start: s.Start, End: s.End})
		}
	}
	return out, err
}

// wireMedia lets each of courses and media ask the other what it must
// know: who may play a lecture, what a learner fetched of it.
func (a *App) wireMedia() error {
	a.Course.Media = mediaForCourses{a.Media}
	a.Media.Viewer = a.Course
	return nil
}

// subtitlesForSearch hands the course's cue source the lines of a lecture.
type subtitlesForSearch struct{ m *media.Service }

func (a subtitlesForSearch) CueTexts(ctx context.Context, assetID int64) ([]course.SubtitleCue, error) {
	cues, err := a.m.SubtitleCues(ctx, assetID)
	out := make([]course.SubtitleCue, len(cues))
	for i, c := range cues {
		out[i] = course.SubtitleCue{Start: c.Start, Text: c.Text}
	}
	return out, err
}
