package app

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/quiz"
	"lms/search"
)

// wireSearch registers each feature's search source and the courses'
// access rules, and makes every change to searchable content enqueue its
// indexing job inside the change's own transaction.
func (a *App) wireSearch() error {
	sources := append(a.Course.SearchSources(subtitlesForSearch{a.Media}), a.Quiz.SearchSource())
	for _, src := range sources {
		if err := a.Search.Register(src); err != nil {
			return err
		}
	}
	a.Search.SetAccess(a.Course.SearchAccess(a.Org))
	a.Course.OnChange = a.courseChanged
	a.Media.OnSubtitles = a.subtitlesChanged
	a.Quiz.OnBankChange = func(ctx context.Context, tx pgx.Tx, bankID int64) error {
		return a.indexLater(ctx, tx, bankID, quiz.SearchBankKind)
	}
	return nil
}

func (a *App) courseChanged(ctx context.Context, tx pgx.Tx, kind string, id int64) error {
	if kind == course.SearchLesson {
		return a.indexLater(ctx, tx, id, course.SearchLesson, course.SearchCue)
	}
	if err := a.indexLater(ctx, tx, id, kind); err != nil || kind != course.SearchCourse {
		return err
	}
	// A course's state, title and openness are part of its lessons' docs.
	lessons, err := a.Course.LessonsOfCourse(ctx, tx, id)
	for _, l := range lessons {
		if err := a.indexLater(ctx, tx, l, course.SearchLesson, course.SearchCue); err != nil {
			return err
		}
	}
	return err
}

func (a *App) subtitlesChanged(ctx context.Context, tx pgx.Tx, assetID int64) error {
	lessons, err := a.Course.LessonsUsingAsset(ctx, tx, assetID)
	for _, l := range lessons {
		if err := a.indexLater(ctx, tx, l, course.SearchCue); err != nil {
			return err
		}
	}
	return err
}

// indexLater enqueues the indexing of one entity under each source kind.
func (a *App) indexLater(ctx context.Context, tx pgx.Tx, id int64, kinds ...string) error {
	for _, k := range kinds {
		if err := search.Enqueue(ctx, tx, a.Jobs, k, id); err != nil {
			return err
		}
	}
	return nil
}
