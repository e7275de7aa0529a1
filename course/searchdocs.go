package course

import (
	"context"
	"io"

	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// What the search feature reads of courses, through adapters in internal/app:
// the content to index, with no access check (search applies its own
// filter), and what a viewer may find.

// CourseForSearch returns a course whatever its state; NotFound once it is
// gone.
func (s *Service) CourseForSearch(ctx context.Context, id int64) (*Course, error) {
	return getCourse(ctx, s.db, id)
}

// LessonForSearch returns a lesson (article included) and its course.
func (s *Service) LessonForSearch(ctx context.Context, id int64) (*Lesson, *Course, error) {
	l, err := getLesson(ctx, s.db, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := getCourse(ctx, s.db, l.CourseID)
	return l, c, err
}

// LessonDocumentForSearch opens a document lesson's file in the object
// store; the caller closes it.
func (s *Service) LessonDocumentForSearch(ctx context.Context, l *Lesson) (io.ReadCloser, error) {
	if l.DocKey == "" || s.Store == nil {
		return nil, apperr.NotFoundf("该课时还没有文档")
	}
	return s.Store.Client.GetObject(ctx, s.Store.Bucket, l.DocKey, minio.GetObjectOptions{})
}

// CourseIDs lists every course, for a rebuild of the index.
func (s *Service) CourseIDs(ctx context.Context) ([]int64, error) {
	return allCourseIDs(ctx, s.db)
}

// LessonIDs lists every lesson, or only the video lessons.
func (s *Service) LessonIDs(ctx context.Context, videoOnly bool) ([]int64, error) {
	return allLessonIDs(ctx, s.db, videoOnly)
}

// LessonsOfCourse lists the lessons of a course: a change to the course
// (its state, title, openness) changes what their index entries say.
func (s *Service) LessonsOfCourse(ctx context.Context, q db.DBTX, courseID int64) ([]int64, error) {
	return lessonIDsOfCourse(ctx, q, courseID)
}

// LessonsUsingAsset lists the lessons that play a media asset.
func (s *Service) LessonsUsingAsset(ctx context.Context, q db.DBTX, assetID int64) ([]int64, error) {
	return lessonIDsOfAsset(ctx, q, assetID)
}

// SearchScope is which courses a user finds beyond the open ones.
type SearchScope struct {
	// Studying: courses they are enrolled in or assigned (published content only).
	Studying []int64
	// Managing: courses they teach, and those filed in a subtree where they
	// are committee or admin (drafts too).
	Managing []int64
}

// SearchScopeOf returns what a user may find in search.
func (s *Service) SearchScopeOf(ctx context.Context, a *org.Actor) (*SearchScope, error) {
	studying, err := studyingCourseIDs(ctx, s.db, a.UserID)
	if err != nil {
		return nil, err
	}
	scopes := a.ScopePaths(org.RoleCommittee, org.RoleAdmin)
	if scopes == nil {
		scopes = []string{}
	}
	managing, err := managingCourseIDs(ctx, s.db, a.UserID, scopes)
	if err != nil {
		return nil, err
	}
	return &SearchScope{Studying: studying, Managing: managing}, nil
}
