package main

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/org"
	"lms/search"
)

// registerSearch gives the search service its sources and the access rules
// of the courses feature.
func (a *App) registerSearch() error {
	for _, src := range []search.Source{courseSource{a.Course}, lessonSource{a.Course},
		cueSource{a.Course, a.Media}, bankSource{a.Quiz}} {
		if err := a.Search.Register(src); err != nil {
			return err
		}
	}
	a.Search.SetAccess(searchAccess{org: a.Org, course: a.Course})
	return nil
}

// searchAccess is what a viewer may find: published open courses, the
// courses they study, those they manage (drafts too), and their own
// content; questions only for trainers; everything for an admin of a whole
// group (a top-level unit).
type searchAccess struct {
	org    *org.Service
	course *course.Service
}

func (s searchAccess) Filter(ctx context.Context, v search.Viewer) (search.Filter, error) {
	a, err := s.org.Actor(ctx, v.UserID)
	if err != nil {
		return search.Filter{}, err
	}
	scope, err := s.course.SearchScopeOf(ctx, a)
	if err != nil {
		return search.Filter{}, err
	}
	return search.Filter{All: topAdmin(a), CourseIDs: scope.Studying, ManageIDs: scope.Managing,
		Trainer: org.Policy{}.CanBuildCourses(a)}, nil
}

// topAdmin: an admin over a top-level unit sees all there is.
func topAdmin(a *org.Actor) bool {
	for _, p := range a.ScopePaths(org.RoleAdmin) {
		if !strings.Contains(p, ".") {
			return true
		}
	}
	return false
}

// wireSearch makes every change to searchable content enqueue its
// indexing job inside the change's own transaction. Without a job client
// (a command that built none) the change goes through unindexed and `lms
// search reindex` catches up: indexing never fails a change.
func (a *App) wireSearch() {
	a.Course.OnChange = func(ctx context.Context, tx pgx.Tx, kind string, id int64) error {
		if kind == srcLesson {
			return a.indexLater(ctx, tx, id, srcLesson, srcCue)
		}
		if err := a.indexLater(ctx, tx, id, kind); err != nil || kind != srcCourse {
			return err
		}
		// A course's state, title and openness are part of its lessons' docs.
		lessons, err := a.Course.LessonsOfCourse(ctx, tx, id)
		for _, l := range lessons {
			if err := a.indexLater(ctx, tx, l, srcLesson, srcCue); err != nil {
				return err
			}
		}
		return err
	}
	a.Media.OnSubtitles = func(ctx context.Context, tx pgx.Tx, assetID int64) error {
		lessons, err := a.Course.LessonsUsingAsset(ctx, tx, assetID)
		for _, l := range lessons {
			if err := a.indexLater(ctx, tx, l, srcCue); err != nil {
				return err
			}
		}
		return err
	}
	a.Quiz.OnBankChange = func(ctx context.Context, tx pgx.Tx, bankID int64) error {
		return a.indexLater(ctx, tx, bankID, srcBank)
	}
}

// indexLater enqueues the indexing of one entity under each source kind.
func (a *App) indexLater(ctx context.Context, tx pgx.Tx, id int64, kinds ...string) error {
	if a.Course.Jobs == nil {
		return nil
	}
	for _, k := range kinds {
		if err := search.Enqueue(ctx, tx, a.Course.Jobs, k, id); err != nil {
			return err
		}
	}
	return nil
}
