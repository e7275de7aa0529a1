// Package reflection holds 心得体会: the written reflection a trainer may
// require for a course, its review by the course's trainers or the
// author's Party committee, and the copy check made at submission.
//
// The package owns its tables only. What it must know of courses (titles,
// trainers, enrollments, lesson texts) it asks through Courses; a course's
// completion follows an approval through OnApproved, called inside the
// approving transaction.
package reflection

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
	"lms/org"
)

// CourseInfo is what the rules need of a course.
type CourseInfo struct {
	Title    string
	UnitPath string
	Teachers []int64 // owners and co-trainers
}

// Material is the text of one lesson of a course, compared with
// submissions like another submission.
type Material struct {
	LessonID int64
	Title    string
	Text     string
}

// Courses is the course feature as reflection sees it. The program
// implements it over course.Service (internal/app/wire_reflection.go).
type Courses interface {
	// Info returns the courses found among ids; a missing one is gone.
	Info(ctx context.Context, ids []int64) (map[int64]CourseInfo, error)
	// Enrollment says whether the user is enrolled and their due date.
	Enrollment(ctx context.Context, userID, courseID int64) (enrolled bool, due *time.Time, err error)
	// Enrolled tells which of the courses the user is enrolled in.
	Enrolled(ctx context.Context, userID int64, courseIDs []int64) (map[int64]bool, error)
	// Materials returns the plain text of the course's article lessons.
	Materials(ctx context.Context, courseID int64) ([]Material, error)
}

// Service is the reflection domain.
type Service struct {
	db      db.DBTX
	Policy  org.Policy
	Courses Courses
	// OnApproved is called inside the approving transaction so that the
	// course's completion (and its 学时) follows in the same commit.
	OnApproved func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error
	// Notify, when set, puts a message under the author's bell, inside the
	// transaction of the change it announces.
	Notify func(ctx context.Context, tx pgx.Tx, userID, refID int64, title, link string) error
	now    func() time.Time
}

// NewService returns the reflection domain over a pool.
func NewService(pool db.DBTX) *Service {
	return &Service{db: pool, now: time.Now}
}

// States of a reflection.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Returned  = "returned"
	Approved  = "approved"
)

// Grades a reviewer may give.
var Grades = []string{"优秀", "良好", "合格", "不合格"}

// FlagShare is the share of a submission found in one other source from
// which the reviewer is warned.
const FlagShare = 0.40

// Rule is a course's requirement of a reflection.
type Rule struct {
	CourseID  int64     `json:"course_id"`
	MinChars  int       `json:"min_chars"`
	Prompt    string    `json:"prompt"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Reflection is one learner's reflection on one course.
type Reflection struct {
	ID          int64      `json:"id"`
	CourseID    int64      `json:"course_id"`
	UserID      int64      `json:"user_id"`
	UnitPath    string     `json:"-"`
	AuthorName  string     `json:"author_name"`
	Body        string     `json:"body"`
	State       string     `json:"state"`
	ShareOK     bool       `json:"share_ok"`
	Shared      bool       `json:"shared"`
	Grade       string     `json:"grade"`
	Comment     string     `json:"comment"`
	Overlap     float64    `json:"overlap"`
	Flagged     bool       `json:"flagged"`
	MatchKind   string     `json:"match_kind"`
	MatchRef    int64      `json:"match_ref"`
	SavedAt     time.Time  `json:"saved_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
	ReviewedAt  *time.Time `json:"reviewed_at"`
	ReviewedBy  int64      `json:"-"`
}

// Event is one step of a reflection's thread.
type Event struct {
	ID      int64     `json:"id"`
	ActorID int64     `json:"-"`
	Action  string    `json:"action"`
	Comment string    `json:"comment"`
	Grade   string    `json:"grade"`
	Overlap float64   `json:"overlap"`
	At      time.Time `json:"at"`
}
