// Package training holds 专题班 (training classes): their roster, schedule
// of courses and offline sessions, check-in, assessment and 结业; the
// 结业证书 issued when a class closes; and claims for offline 学时.
//
// Who may do what is decided in policy.go; the other features it needs
// (courses, the ledger, people's names, files) are the small interfaces
// below, joined to their features in internal/app.
package training

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/certificate"
	"lms/internal/calendar"
	"lms/internal/db"
	"lms/internal/objstore"
	"lms/org"
)

// Service is the training domain.
type Service struct {
	db db.DBTX
	// Courses tells training about the courses a class schedules and
	// enrols the class's members in them.
	Courses Courses
	// Ledger writes class and claim hours into the course feature's ledger.
	Ledger Ledger
	// People gives the display names printed on certificates.
	People People
	// Store keeps claim evidence.
	Store *objstore.Store
	// Secret signs check-in codes; internal/app gives it the server's key.
	Secret []byte
	// BaseURL is the platform's public address, for the QR codes of
	// certificates.
	BaseURL string
	// PDF draws certificates.
	PDF *certificate.Renderer
	// OnCertificates is told of the certificates a close issued, inside
	// its transaction (to queue their PDFs); nil renders them on demand.
	OnCertificates func(ctx context.Context, tx pgx.Tx, classID int64, n int) error
	Policy         org.Policy
	now            func() time.Time
}

// NewService returns a Service over a pool.
func NewService(pool db.DBTX) *Service {
	return &Service{db: pool, now: time.Now}
}

// SetClock replaces the clock, for tests of time-bound rules (check-in).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// CourseInfo is what a class must know of a scheduled course.
type CourseInfo struct {
	ID        int64
	Title     string
	Hours     float64
	Published bool
}

// Courses is the course feature as training sees it.
type Courses interface {
	CourseInfo(ctx context.Context, ids []int64) (map[int64]CourseInfo, error)
	// Enrol enrols people in a course on the class's behalf.
	Enrol(ctx context.Context, courseID int64, userIDs []int64, mandatory bool, due time.Time) error
}

// Credit is one ledger entry a class or claim earns.
type Credit struct {
	UserID int64
	Kind   string
	RefID  int64
	Title  string
	Year   int
	Hours  float64
	On     time.Time
}

// Ledger is the course feature's ledger as training writes it.
type Ledger interface {
	CreditOther(ctx context.Context, tx pgx.Tx, entries []Credit) (int64, error)
	CreditedFor(ctx context.Context, tx pgx.Tx, userIDs, courseIDs []int64) (map[int64]float64, error)
	UncreditOther(ctx context.Context, tx pgx.Tx, userID int64, kind string, refID int64) error
}

// People gives display names by user id.
type People interface {
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

// shanghai is where dates are shown and compared.
var shanghai = calendar.Zone
