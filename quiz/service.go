// Package quiz holds question banks, quizzes, attempts and their grading,
// and the GIFT, Aiken and Excel formats for questions.
//
// The package knows nothing of accounts or roles: the web layer asks
// org.Policy who may do what and describes the asker as a Viewer.
package quiz

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/internal/db"
	"lms/internal/objstore"
)

// Service is the quiz domain.
type Service struct {
	db db.DBTX
	// Jobs inserts the deadline job of each timed attempt; nil leaves
	// deadlines to the check made on every read.
	Jobs *river.Client[pgx.Tx]
	// OnPassed is called inside the grading transaction when an attempt
	// passes a quiz of a course, so completion follows in that transaction.
	OnPassed func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error
	// Reporter, when set, is told of every graded (or regraded) attempt
	// inside its transaction (the report's quiz figures).
	Reporter Reporter
	// Enrolled, when set, limits a course's quizzes to its enrolled learners.
	Enrolled func(ctx context.Context, userID, courseID int64) (bool, error)
	// Courses says who teaches a course, for the rules in policy.go.
	Courses Courses
	// OnBankChange, when set, is called in the transaction of every change
	// to a bank's questions (added, imported, changed, deleted) so the
	// search index follows.
	OnBankChange func(ctx context.Context, tx pgx.Tx, bankID int64) error
	// Store keeps the pictures of question stems; nil refuses uploads.
	Store *objstore.Store
	now   func() time.Time
	cache caches
}

// NewService returns a Service over a pool.
func NewService(pool db.DBTX) *Service {
	return &Service{db: pool, now: time.Now, cache: newCaches()}
}

// Reporter is what the report feature learns of attempts.
type Reporter interface {
	// AttemptsGraded is called after an attempt of the user in the quiz
	// got, changed or lost its result.
	AttemptsGraded(ctx context.Context, tx pgx.Tx, userID, quizID int64) error
}

// Viewer is who asks, as the web layer knows them.
type Viewer struct {
	UserID int64
	// UnitPath is the ltree path of the viewer's own unit ("u1.u4").
	UnitPath string
	// Manager: a trainer or admin, who builds banks and quizzes.
	Manager bool
	// System: the program itself (seeding, the command line).
	System bool
	// Scopes are the subtrees the viewer administers.
	Scopes []string
}

// within reports whether path lies in the subtree rooted at scope.
func within(path, scope string) bool {
	return scope != "" && (path == scope || strings.HasPrefix(path, scope+"."))
}
