package quiz

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const attemptColumns = `id, quiz_id, user_id, number, day, paper, started_at, deadline, submitted_at, status,
	score::float8 AS score, max_score::float8 AS max_score, percent::float8 AS percent, passed`

func getAttempt(ctx context.Context, q db.DBTX, id int64) (*Attempt, error) {
	rows, _ := q.Query(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE id = $1`, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Attempt])
	return a, db.NotFound(err, "答卷")
}

func getAttemptForUpdate(ctx context.Context, q db.DBTX, id int64) (*Attempt, error) {
	rows, _ := q.Query(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE id = $1 FOR UPDATE`, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Attempt])
	return a, db.NotFound(err, "答卷")
}

// lockLearner serialises the starts of one learner on one quiz until the
// transaction ends.
func lockLearner(ctx context.Context, q db.DBTX, quizID, userID int64) error {
	_, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock($1::int4, $2::int4)`, int32(quizID), int32(userID))
	return err
}

func userAttempts(ctx context.Context, q db.DBTX, quizID, userID int64) ([]Attempt, error) {
	rows, _ := q.Query(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts
		WHERE quiz_id = $1 AND user_id = $2 ORDER BY number`, quizID, userID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Attempt])
}

func insertAttempt(ctx context.Context, q db.DBTX, a *Attempt) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO quiz_attempts (quiz_id, user_id, number, day, paper, question_ids,
		started_at, deadline, max_score) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		a.QuizID, a.UserID, a.Number, a.Day, a.Paper, paperIDs(a.Paper), a.StartedAt, a.Deadline, a.MaxScore).Scan(&id)
	return id, err
}

// savedAnswer is a stored answer and, once graded, its score.
type savedAnswer struct {
	QuestionID int64    `db:"question_id"`
	Response   Response `db:"response"`
	Flagged    bool     `db:"flagged"`
	Score      *float64 `db:"score"`
}

func attemptAnswers(ctx context.Context, q db.DBTX, attemptID int64) (map[int64]*savedAnswer, error) {
	rows, _ := q.Query(ctx, `SELECT question_id, response, flagged, score::float8 AS score
		FROM quiz_answers WHERE attempt_id = $1`, attemptID)
	list, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByName[savedAnswer])
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*savedAnswer, len(list))
	for _, a := range list {
		out[a.QuestionID] = a
	}
	return out, nil
}

// upsertAnswer writes an answer only while the attempt is open; FOR SHARE
// makes it wait for a submit in progress and then see it. ok is false
// when the attempt was no longer open.
func upsertAnswer(ctx context.Context, q db.DBTX, attemptID, questionID int64, r Response, flagged bool, now time.Time) (bool, error) {
	tag, err := q.Exec(ctx, `INSERT INTO quiz_answers (attempt_id, question_id, response, flagged, saved_at)
		SELECT a.id, $2, $3, $4, $5 FROM quiz_attempts a
		WHERE a.id = $1 AND a.submitted_at IS NULL AND (a.deadline IS NULL OR a.deadline > $5)
		FOR SHARE
		ON CONFLICT (attempt_id, question_id) DO UPDATE
		SET response = excluded.response, flagged = excluded.flagged, saved_at = excluded.saved_at`,
		attemptID, questionID, r, flagged, now)
	return tag.RowsAffected() == 1, err
}

// writeScores records every question's points and score, answered or not.
func writeScores(ctx context.Context, q db.DBTX, attemptID int64, paper []PaperEntry, scores []*float64) error {
	points := make([]float64, len(paper))
	for i, e := range paper {
		points[i] = e.P
	}
	_, err := q.Exec(ctx, `INSERT INTO quiz_answers (attempt_id, question_id, points, score)
		SELECT $1, x.q, x.p, x.s FROM unnest($2::bigint[], $3::float8[], $4::float8[]) AS x(q, p, s)
		ON CONFLICT (attempt_id, question_id) DO UPDATE SET points = excluded.points, score = excluded.score`,
		attemptID, paperIDs(paper), points, scores)
	return err
}

func updateResult(ctx context.Context, q db.DBTX, a *Attempt) error {
	_, err := q.Exec(ctx, `UPDATE quiz_attempts SET submitted_at = $2, status = $3, score = $4, percent = $5,
		passed = $6 WHERE id = $1`, a.ID, a.SubmittedAt, a.Status, a.Score, a.Percent, a.Passed)
	return err
}
