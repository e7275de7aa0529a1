package app

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/course"
	"lms/org"
	"lms/scorm"
)

// wireScorm joins SCORM packages to courses: a package is played by whom
// may study its lesson and uploaded by its trainers; courses ask whether
// a learner's SCOs satisfy a lesson, and scorm tells them, inside the
// committing transaction, when they come to.
func (a *App) wireScorm() error {
	a.Scorm.Lessons = lessonsForScorm{a.Course}
	a.Course.Scorm = a.Scorm
	return nil
}

type lessonsForScorm struct{ c *course.Service }

func (l lessonsForScorm) StudyLesson(ctx context.Context, a *org.Actor, id int64) (scorm.LessonInfo, error) {
	return lessonInfo(l.c.StudyLesson(ctx, a, id))
}

func (l lessonsForScorm) EditLesson(ctx context.Context, a *org.Actor, id int64) (scorm.LessonInfo, error) {
	return lessonInfo(l.c.EditLesson(ctx, a, id))
}

func (l lessonsForScorm) ScosSatisfied(ctx context.Context, tx pgx.Tx, userID, lessonID int64) error {
	return l.c.ScosSatisfied(ctx, tx, userID, lessonID)
}

func lessonInfo(les *course.Lesson, err error) (scorm.LessonInfo, error) {
	if err != nil {
		return scorm.LessonInfo{}, err
	}
	return scorm.LessonInfo{ID: les.ID, CourseID: les.CourseID, Kind: les.Kind, Title: les.Title}, nil
}
