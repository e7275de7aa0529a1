package quiz

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const quizColumns = `z.id, z.title, z.description, z.course_id, coalesce(z.unit_path::text, '') AS unit_path,
	z.mode, z.required, z.time_limit_s, z.max_attempts, z.pass_mark::float8 AS pass_mark, z.shuffle_questions,
	z.shuffle_options, z.partial_credit, z.show_answers, z.due_at, z.created_by, z.created_at`

func getQuiz(ctx context.Context, q db.DBTX, id int64) (*Quiz, error) {
	rows, _ := q.Query(ctx, `SELECT `+quizColumns+` FROM quizzes z WHERE z.id = $1`, id)
	x, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Quiz])
	return x, db.NotFound(err, "测验")
}

func quizItems(ctx context.Context, q db.DBTX, id int64) ([]QuizItem, error) {
	rows, _ := q.Query(ctx, `SELECT question_id, points::float8 AS points FROM quiz_items
		WHERE quiz_id = $1 ORDER BY position`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[QuizItem])
}

func quizRules(ctx context.Context, q db.DBTX, id int64) ([]Rule, error) {
	rows, _ := q.Query(ctx, `SELECT bank_id, tag, difficulty, count, points::float8 AS points FROM quiz_rules
		WHERE quiz_id = $1 ORDER BY position`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rule])
}

func insertQuiz(ctx context.Context, q db.DBTX, z *Quiz, by int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO quizzes (title, description, course_id, unit_path, mode, required,
		time_limit_s, max_attempts, pass_mark, shuffle_questions, shuffle_options, partial_credit, show_answers,
		due_at, created_by) VALUES ($1, $2, $3, nullif($4, '')::ltree, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		RETURNING id`, z.Title, z.Description, z.CourseID, z.UnitPath, z.Mode, z.Required, z.TimeLimitS,
		z.MaxAttempts, z.PassMark, z.ShuffleQuestions, z.ShuffleOptions, z.PartialCredit, z.ShowAnswers,
		z.DueAt, by).Scan(&id)
	if err != nil {
		return 0, err
	}
	z.ID = id
	return id, replaceQuizQuestions(ctx, q, z)
}

func updateQuiz(ctx context.Context, q db.DBTX, z *Quiz) error {
	_, err := q.Exec(ctx, `UPDATE quizzes SET title = $2, description = $3, course_id = $4,
		unit_path = nullif($5, '')::ltree, mode = $6, required = $7, time_limit_s = $8, max_attempts = $9,
		pass_mark = $10, shuffle_questions = $11, shuffle_options = $12, partial_credit = $13,
		show_answers = $14, due_at = $15 WHERE id = $1`, z.ID, z.Title, z.Description, z.CourseID, z.UnitPath,
		z.Mode, z.Required, z.TimeLimitS, z.MaxAttempts, z.PassMark, z.ShuffleQuestions, z.ShuffleOptions,
		z.PartialCredit, z.ShowAnswers, z.DueAt)
	if err != nil {
		return err
	}
	return replaceQuizQuestions(ctx, q, z)
}

func replaceQuizQuestions(ctx context.Context, q db.DBTX, z *Quiz) error {
	if _, err := q.Exec(ctx, `DELETE FROM quiz_items WHERE quiz_id = $1`, z.ID); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `DELETE FROM quiz_rules WHERE quiz_id = $1`, z.ID); err != nil {
		return err
	}
	for i, it := range z.Items {
		if _, err := q.Exec(ctx, `INSERT INTO quiz_items (quiz_id, position, question_id, points)
			VALUES ($1, $2, $3, $4)`, z.ID, i+1, it.QuestionID, it.Points); err != nil {
			return err
		}
	}
	for i, r := range z.Rules {
		if _, err := q.Exec(ctx, `INSERT INTO quiz_rules (quiz_id, position, bank_id, tag, difficulty, count, points)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, z.ID, i+1, r.BankID, r.Tag, r.Difficulty, r.Count, r.Points); err != nil {
			return err
		}
	}
	return nil
}

const poolWhere = ` FROM quiz_questions WHERE bank_id = $1 AND deleted_at IS NULL
	AND ($2 = '' OR $2 = ANY(tags)) AND ($3 = 0 OR difficulty = $3)`

func countPool(ctx context.Context, q db.DBTX, r Rule) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*)`+poolWhere, r.BankID, r.Tag, r.Difficulty).Scan(&n)
	return n, err
}

// poolIDs lists the questions a rule draws from.
func poolIDs(ctx context.Context, q db.DBTX, r Rule) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT id`+poolWhere+` ORDER BY id`, r.BankID, r.Tag, r.Difficulty)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func listQuizzes(ctx context.Context, q db.DBTX, userID int64, unitPath string, manager bool, scopes []string) ([]Quiz, error) {
	rows, _ := q.Query(ctx, `SELECT `+quizColumns+` FROM quizzes z
		WHERE ($2 <> '' AND z.unit_path @> $2::ltree)
		   OR $3 AND (z.created_by = $1 OR z.unit_path <@ $4::ltree[])
		ORDER BY z.id DESC LIMIT 500`, userID, unitPath, manager, scopes)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Quiz])
}

func courseQuizzes(ctx context.Context, q db.DBTX, courseID int64) ([]Quiz, error) {
	rows, _ := q.Query(ctx, `SELECT `+quizColumns+` FROM quizzes z WHERE z.course_id = $1 ORDER BY z.id`, courseID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Quiz])
}

func requiredPassed(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `SELECT NOT EXISTS (
		SELECT 1 FROM quizzes z WHERE z.course_id = $2 AND z.required
		AND NOT EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.quiz_id = z.id AND a.user_id = $1 AND a.passed))`,
		userID, courseID).Scan(&ok)
	return ok, err
}
