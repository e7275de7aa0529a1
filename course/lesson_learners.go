package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// LessonLearner is one enrolled learner's standing in a lesson, for its
// trainer: the time the server's clock credited, and completion.
type LessonLearner struct {
	UserID    int64   `json:"user_id"`
	Name      string  `json:"name"`
	Username  string  `json:"username"`
	Active    float64 `json:"active_seconds"`
	Completed bool    `json:"completed"`
}

// maxLessonLearners bounds the trainer's table; the report has the rest.
const maxLessonLearners = 500

// LessonLearners lists the learners enrolled in a lesson's course with
// their progress in it, for the course's trainers.
func (s *Service) LessonLearners(ctx context.Context, a *org.Actor, lessonID int64) ([]LessonLearner, error) {
	l, c, err := s.Lesson(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	if !s.CanEdit(a, c) {
		return nil, apperr.Forbiddenf("只有课程的讲师可以查看学员的学习情况")
	}
	return lessonLearners(ctx, s.db, l.ID, l.CourseID)
}

func lessonLearners(ctx context.Context, q db.DBTX, lessonID, courseID int64) ([]LessonLearner, error) {
	rows, _ := q.Query(ctx, `
		SELECT e.user_id, n.display_name AS name, n.username, coalesce(p.active_seconds, 0) AS active,
		       p.completed_at IS NOT NULL AS completed
		FROM enrollments e JOIN org_member_names n ON n.user_id = e.user_id
		LEFT JOIN lesson_progress p ON p.user_id = e.user_id AND p.lesson_id = $1
		WHERE e.course_id = $2 ORDER BY n.username LIMIT $3`, lessonID, courseID, maxLessonLearners)
	return pgx.CollectRows(rows, pgx.RowToStructByName[LessonLearner])
}
