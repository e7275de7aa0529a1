package quiz

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func copyScaleQuizzes(ctx context.Context, tx pgx.Tx, courses []ScaleCourse, creator int64) ([]int64, error) {
	ids, err := db.ReserveIDs(ctx, tx, "quizzes", len(courses))
	if err != nil {
		return nil, err
	}
	rows := make([][]any, len(ids))
	for i, id := range ids {
		rows[i] = []any{id, courses[i].Title + "结业测验", courses[i].ID, "fixed", false, 60, creator}
	}
	return ids, db.CopyWithIDs(ctx, tx, "quizzes", []string{"id", "title", "course_id", "mode", "required", "pass_mark",
		"created_by"}, rows)
}

func copyScaleAttempts(ctx context.Context, tx pgx.Tx, next func() []any) error {
	cols := []string{"quiz_id", "user_id", "number", "paper", "question_ids", "started_at", "submitted_at", "status",
		"score", "max_score", "percent", "passed"}
	return db.CopyChunks(ctx, tx, "quiz_attempts", cols, next)
}
