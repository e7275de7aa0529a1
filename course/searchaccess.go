package course

import (
	"context"
	"strings"

	"lms/org"
	"lms/search"
)

// Actors turns a search viewer's user id into who they are.
type Actors interface {
	Actor(ctx context.Context, userID int64) (*org.Actor, error)
}

// SearchAccess is what a viewer may find: published open courses, the
// courses they study, those they manage (drafts too), and their own
// content; questions only for trainers; everything for an admin of a whole
// group (a top-level unit).
func (s *Service) SearchAccess(actors Actors) search.Access {
	return searchAccess{course: s, actors: actors}
}

type searchAccess struct {
	course *Service
	actors Actors
}

func (s searchAccess) Filter(ctx context.Context, v search.Viewer) (search.Filter, error) {
	a, err := s.actors.Actor(ctx, v.UserID)
	if err != nil {
		return search.Filter{}, err
	}
	scope, err := s.course.SearchScopeOf(ctx, a)
	if err != nil {
		return search.Filter{}, err
	}
	return search.Filter{All: topAdmin(a), CourseIDs: scope.Studying, ManageIDs: scope.Managing,
		Trainer: s.course.Policy.CanBuildCourses(a)}, nil
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
