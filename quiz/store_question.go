package quiz

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const questionColumns = `id, bank_id, type, title, stem, body, explanation, difficulty, tags, knowledge_point, updated_at`

func getQuestion(ctx context.Context, q db.DBTX, id int64) (*Question, error) {
	rows, _ := q.Query(ctx, `SELECT `+questionColumns+` FROM quiz_questions WHERE id = $1 AND deleted_at IS NULL`, id)
	x, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Question])
	return x, db.NotFound(err, "题目")
}

// questionsByID loads questions, deleted ones too: an attempt keeps what
// it drew.
func questionsByID(ctx context.Context, q db.DBTX, ids []int64) (map[int64]*Question, error) {
	rows, _ := q.Query(ctx, `SELECT `+questionColumns+` FROM quiz_questions WHERE id = ANY($1)`, ids)
	list, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByName[Question])
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*Question, len(list))
	for _, x := range list {
		out[x.ID] = x
	}
	return out, nil
}

func listQuestions(ctx context.Context, q db.DBTX, bankID int64, text string, offset, limit int) ([]Question, int, error) {
	const where = ` FROM quiz_questions WHERE bank_id = $1 AND deleted_at IS NULL
		AND ($2 = '' OR strpos(stem, $2) > 0 OR $2 = ANY(tags) OR strpos(knowledge_point, $2) > 0)`
	var total int
	if err := q.QueryRow(ctx, `SELECT count(*)`+where, bankID, text).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, _ := q.Query(ctx, `SELECT `+questionColumns+where+` ORDER BY position, id OFFSET $3 LIMIT $4`,
		bankID, text, offset, limit)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Question])
	return list, total, err
}

// allQuestions returns every live question of a bank, for export.
func allQuestions(ctx context.Context, q db.DBTX, bankID int64) ([]Question, error) {
	rows, _ := q.Query(ctx, `SELECT `+questionColumns+` FROM quiz_questions
		WHERE bank_id = $1 AND deleted_at IS NULL ORDER BY position, id`, bankID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Question])
}

// insertQuestions appends questions to a bank with COPY: an import of
// thousands is one round trip.
func insertQuestions(ctx context.Context, q db.DBTX, bankID int64, qs []Question) (int64, error) {
	var next int
	if err := q.QueryRow(ctx, `SELECT coalesce(max(position), 0) + 1 FROM quiz_questions WHERE bank_id = $1`,
		bankID).Scan(&next); err != nil {
		return 0, err
	}
	cols := []string{"bank_id", "type", "title", "stem", "body", "explanation", "difficulty", "tags", "knowledge_point", "position"}
	return q.CopyFrom(ctx, pgx.Identifier{"quiz_questions"}, cols, pgx.CopyFromSlice(len(qs), func(i int) ([]any, error) {
		x := qs[i]
		return []any{bankID, string(x.Type), x.Title, x.Stem, x.Body, x.Explanation, x.Difficulty, x.Tags,
			x.KnowledgePoint, next + i}, nil
	}))
}

func insertQuestion(ctx context.Context, q db.DBTX, x *Question) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO quiz_questions (bank_id, type, title, stem, body, explanation,
		difficulty, tags, knowledge_point, position)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce(max(position), 0) + 1
		FROM quiz_questions WHERE bank_id = $1 RETURNING id`, x.BankID, string(x.Type), x.Title, x.Stem, x.Body,
		x.Explanation, x.Difficulty, x.Tags, x.KnowledgePoint).Scan(&id)
	return id, err
}

func updateQuestion(ctx context.Context, q db.DBTX, x *Question) error {
	_, err := q.Exec(ctx, `UPDATE quiz_questions SET type = $2, title = $3, stem = $4, body = $5,
		explanation = $6, difficulty = $7, tags = $8, knowledge_point = $9, updated_at = now()
		WHERE id = $1`, x.ID, string(x.Type), x.Title, x.Stem, x.Body, x.Explanation, x.Difficulty, x.Tags, x.KnowledgePoint)
	return err
}

func softDeleteQuestion(ctx context.Context, q db.DBTX, id int64) error {
	_, err := q.Exec(ctx, `UPDATE quiz_questions SET deleted_at = now() WHERE id = $1`, id)
	return err
}

// questionVersions returns when each question last changed: a cheap read
// that tells whether a cached copy is still the one to grade with.
func questionVersions(ctx context.Context, q db.DBTX, ids []int64) (map[int64]time.Time, error) {
	rows, _ := q.Query(ctx, `SELECT id, updated_at FROM quiz_questions WHERE id = ANY($1)`, ids)
	out := make(map[int64]time.Time, len(ids))
	var id int64
	var at time.Time
	_, err := pgx.ForEachRow(rows, []any{&id, &at}, func() error {
		out[id] = at
		return nil
	})
	return out, err
}
