// Package course holds courses, lessons, assignments, enrollments and the
// learning progress that committees can trust: the server, not the browser,
// decides what was studied.
package course

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"lms/internal/db"
	"lms/internal/objstore"
	"lms/org"
)

// Media is what courses need of the media feature.
type Media interface {
	// AssetDuration returns a ready asset's length in seconds, and its owner.
	AssetDuration(ctx context.Context, assetID int64) (seconds float64, ownerID int64, ready bool, err error)
	// FetchedIn answers, for each query, the union of the media time in
	// [From, To) whose segments the user fetched through the app since the
	// given time.
	FetchedIn(ctx context.Context, since time.Time, qs []FetchQuery) ([][]Span, error)
}

// Quizzes is what courses need of the quiz feature.
type Quizzes interface {
	RequiredQuizzesPassed(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error)
	// QuizStates lists the quizzes of the courses, in outline order, with
	// the user's standing in each.
	QuizStates(ctx context.Context, userID int64, courseIDs []int64) ([]CourseQuiz, error)
}

// Inserter inserts River jobs inside a transaction.
type Inserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Service is the course domain.
type Service struct {
	db     db.DBTX
	Policy org.Policy
	Media  Media   // nil until media is wired: video lessons stay "not ready"
	Quiz   Quizzes // nil: no course needs a quiz
	Jobs   Inserter
	Store  *objstore.Store
	Mail   MailSettings // reminders by email; zero: the bell only
	// Reporter, when set, is told of every change of enrollments and
	// credit inside its transaction (the report's sums).
	Reporter Reporter

	// Reflection, when set, holds back the completion of a course that
	// requires a reflection until the learner's is approved.
	Reflection Reflections

	// Scorm says whether a learner's SCOs satisfy a SCORM lesson: such a
	// lesson completes only with that and the study clock's minimum time.
	Scorm ScormProgress

	// OnChange, when set, is called in the transaction of every change to
	// searchable content (course, lesson) so the index follows.
	OnChange func(ctx context.Context, tx pgx.Tx, kind string, id int64) error
	beats    *batcher
	cache    rulesCache
	enrolled enrolCache
	started  enrolCache // enrollments known to have left not_started (they never go back)
	now      func() time.Time
}

// NewService returns the course domain over a pool.
func NewService(pool db.DBTX) *Service {
	s := &Service{db: pool, now: time.Now}
	s.beats = newBatcher(s)
	return s
}

// Close stops the heartbeat batcher after flushing what it holds.
func (s *Service) Close() { s.beats.close() }

func (s *Service) changed(ctx context.Context, tx pgx.Tx, kind string, id int64) error {
	if s.OnChange == nil {
		return nil
	}
	return s.OnChange(ctx, tx, kind, id)
}
