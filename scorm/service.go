// Package scorm plays SCORM 1.2 and 2004 packages as lessons: it checks
// and stores a trainer's zip, serves its files to the course's learners,
// keeps what each SCO reports through the runtime API, and tells courses
// when a learner's SCOs satisfy the lesson. What a SCO reports is never
// credit on its own: the course's own study clock decides the time.
package scorm

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/apperr"
	"lms/internal/objstore"
	"lms/internal/ready"
	"lms/org"
)

// LessonInfo is what scorm knows of a lesson from courses.
type LessonInfo struct {
	ID, CourseID int64
	Kind, Title  string
}

// Lessons is what scorm needs of courses: who may study or edit a
// lesson, and a word when a learner's SCOs come to satisfy it (inside
// the committing transaction, so the lesson completes with the commit
// when the study clock already has the time).
type Lessons interface {
	StudyLesson(ctx context.Context, a *org.Actor, lessonID int64) (LessonInfo, error)
	EditLesson(ctx context.Context, a *org.Actor, lessonID int64) (LessonInfo, error)
	ScosSatisfied(ctx context.Context, tx pgx.Tx, userID, lessonID int64) error
}

// Service is the SCORM feature.
type Service struct {
	db      *pgxpool.Pool
	store   *objstore.Store
	Lessons Lessons
	Limits  Limits
}

// NewService builds the service on the database and the object store.
func NewService(pool *pgxpool.Pool, store *objstore.Store) *Service {
	return &Service{db: pool, store: store, Limits: DefaultLimits}
}

// Ready names a collaborator the program forgot.
func (s *Service) Ready() error {
	return ready.Check("scorm",
		ready.Need{Name: "Lessons", Does: "nobody could be checked before playing a package, nor its lesson completed", Missing: s.Lessons == nil},
		ready.Need{Name: "Store", Does: "package files cannot be stored", Missing: s.store == nil})
}

func newPrefix(lessonID int64) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("scorm/%d/%s/", lessonID, hex.EncodeToString(b))
}

// studyable checks that the actor may play the lesson and that it holds a
// package; it returns the package and the lesson's course.
func (s *Service) studyable(ctx context.Context, a *org.Actor, lessonID int64) (*PackageRow, int64, error) {
	l, err := s.Lessons.StudyLesson(ctx, a, lessonID)
	if err != nil {
		return nil, 0, err
	}
	p, err := getPackage(ctx, s.db, lessonID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, 0, apperr.NotFoundf("该课时尚未上传课件包")
	}
	return p, l.CourseID, err
}

// PackageView is a package with its outline, for the trainer's editor.
type PackageView struct {
	*PackageRow
	Items []ItemRow `json:"items"`
}

// Package returns a lesson's package for its trainer; nil when none was
// uploaded yet.
func (s *Service) Package(ctx context.Context, a *org.Actor, lessonID int64) (*PackageView, error) {
	if _, err := s.Lessons.EditLesson(ctx, a, lessonID); err != nil {
		return nil, err
	}
	p, err := getPackage(ctx, s.db, lessonID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	items, err := listItems(ctx, s.db, lessonID)
	return &PackageView{PackageRow: p, Items: items}, err
}

// SetRule chooses what the SCOs must report: completed (or passed), or
// passed only.
func (s *Service) SetRule(ctx context.Context, a *org.Actor, lessonID int64, rule string) error {
	if rule != "completed" && rule != "passed" {
		return apperr.Invalidf("完成条件须为 completed 或 passed")
	}
	if _, err := s.Lessons.EditLesson(ctx, a, lessonID); err != nil {
		return err
	}
	if _, err := getPackage(ctx, s.db, lessonID); err != nil {
		return err
	}
	return setRule(ctx, s.db, lessonID, rule)
}

// Packaged reports which of the lessons have a package, for the course
// editor's outline (a SCORM lesson without one shows nothing to learners).
func (s *Service) Packaged(ctx context.Context, lessonIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(lessonIDs) == 0 {
		return out, nil
	}
	ids, err := packagedLessons(ctx, s.db, lessonIDs)
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}
