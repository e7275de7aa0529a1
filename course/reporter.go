package course

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Reporter is what the report feature learns of enrollments, inside the
// transaction of each change, so that its sums move with it. users[i] and
// courses[i] name one enrollment.
type Reporter interface {
	// EnrollmentsChanging is called before existing enrollments (or their
	// credit) change, with their rows locked by this transaction.
	EnrollmentsChanging(ctx context.Context, tx pgx.Tx, users, courses []int64) error
	// EnrollmentsChanged is called after enrollments were added or changed.
	EnrollmentsChanged(ctx context.Context, tx pgx.Tx, users, courses []int64) error
}

func (s *Service) reportChanging(ctx context.Context, tx pgx.Tx, p pairs) error {
	if s.Reporter == nil || len(p.users) == 0 {
		return nil
	}
	return s.Reporter.EnrollmentsChanging(ctx, tx, p.users, p.courses)
}

func (s *Service) reportChanged(ctx context.Context, tx pgx.Tx, p pairs) error {
	if s.Reporter == nil || len(p.users) == 0 {
		return nil
	}
	return s.Reporter.EnrollmentsChanged(ctx, tx, p.users, p.courses)
}

// pairs names enrollments by learner and course, as parallel slices.
type pairs struct{ users, courses []int64 }

func (p *pairs) add(userID, courseID int64) {
	p.users, p.courses = append(p.users, userID), append(p.courses, courseID)
}

// ofCourse names one course's enrollments of these learners.
func ofCourse(courseID int64, users ...[]int64) pairs {
	var p pairs
	for _, list := range users {
		for _, u := range list {
			p.add(u, courseID)
		}
	}
	return p
}

// ofUser names one learner's enrollments in these courses.
func ofUser(userID int64, courses ...[]int64) pairs {
	var p pairs
	for _, list := range courses {
		for _, c := range list {
			p.add(userID, c)
		}
	}
	return p
}
