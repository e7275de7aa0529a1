package quiz

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func learnerQuizzes(ctx context.Context, q db.DBTX, userID int64, courseIDs []int64) ([]LearnerQuiz, error) {
	rows, _ := q.Query(ctx, `SELECT z.id, z.course_id, z.title, z.required,
		coalesce(z.after_lesson_id, 0) AS after_lesson, z.max_attempts,
		count(a.id) FILTER (WHERE a.submitted_at IS NOT NULL)::int AS attempts,
		coalesce(bool_or(a.status = 'pending'), false) AS pending,
		coalesce(bool_or(a.passed), false) AS passed,
		coalesce(max(a.percent) FILTER (WHERE a.status = 'graded'), 0)::float8 AS best
		FROM quizzes z LEFT JOIN quiz_attempts a ON a.quiz_id = z.id AND a.user_id = $1
		WHERE z.course_id = ANY($2) AND z.mode <> 'daily'
		GROUP BY z.id ORDER BY z.course_id, z.id`, userID, courseIDs)
	return pgx.CollectRows(rows, pgx.RowToStructByName[LearnerQuiz])
}

func setQuizPlace(ctx context.Context, q db.DBTX, quizID, afterLesson int64) error {
	_, err := q.Exec(ctx, `UPDATE quizzes SET after_lesson_id = nullif($2, 0) WHERE id = $1`, quizID, afterLesson)
	return err
}
