package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// Reflections is what courses need of the reflection feature: a course
// that requires a written reflection completes only once it is approved.
type Reflections interface {
	// Done reports whether the learner owes no reflection for the course.
	Done(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error)
}

// reflectionDone asks the reflection feature, when wired, inside the
// completing transaction.
func (s *Service) reflectionDone(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error) {
	if s.Reflection == nil {
		return true, nil
	}
	return s.Reflection.Done(ctx, q, userID, courseID)
}

// EnrollmentFor returns, with no access check, a user's enrollment in a
// course (nil when there is none), for a feature that hangs work on the
// course (a reflection is written by the enrolled, due with the course).
func (s *Service) EnrollmentFor(ctx context.Context, userID, courseID int64) (*Enrollment, error) {
	return enrollmentOf(ctx, s.db, userID, courseID, s.now())
}

// NotifyReflection puts a message about a learner's reflection under
// their bell, inside the caller's transaction; refID keeps each message
// of the same reflection apart.
func (s *Service) NotifyReflection(ctx context.Context, tx pgx.Tx, userID, refID int64, title, link string) error {
	return insertNotification(ctx, tx, userID, "reflection", refID, title, link)
}
