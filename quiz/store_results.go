package quiz

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func quizTotals(ctx context.Context, q db.DBTX, quizID int64, r *Results) error {
	return q.QueryRow(ctx, `SELECT count(*), count(submitted_at), count(DISTINCT user_id),
		count(*) FILTER (WHERE passed), count(*) FILTER (WHERE status = 'pending'),
		coalesce(avg(percent), 0)::float8
		FROM quiz_attempts WHERE quiz_id = $1`, quizID).
		Scan(&r.Attempts, &r.Submitted, &r.Learners, &r.Passed, &r.Pending, &r.Average)
}

func percentBuckets(ctx context.Context, q db.DBTX, quizID int64) ([10]int, error) {
	var out [10]int
	rows, _ := q.Query(ctx, `SELECT least(floor(percent / 10), 9)::int AS b, count(*)::int
		FROM quiz_attempts WHERE quiz_id = $1 AND percent IS NOT NULL GROUP BY 1`, quizID)
	var b, n int
	_, err := pgx.ForEachRow(rows, []any{&b, &n}, func() error {
		out[b] = n
		return nil
	})
	return out, err
}

func hardestQuestions(ctx context.Context, q db.DBTX, quizID int64, limit int) ([]QuestionStat, error) {
	rows, _ := q.Query(ctx, `SELECT s.question_id, qq.type, qq.stem, s.answered, s.correct_rate
		FROM (SELECT n.question_id, count(*)::int AS answered,
		             (sum(n.score) / nullif(sum(n.points), 0))::float8 AS correct_rate
		      FROM quiz_answers n JOIN quiz_attempts a ON a.id = n.attempt_id
		      WHERE a.quiz_id = $1 AND n.score IS NOT NULL AND n.points > 0
		      GROUP BY n.question_id) s
		JOIN quiz_questions qq ON qq.id = s.question_id
		ORDER BY s.correct_rate, s.answered DESC, s.question_id LIMIT $2`, quizID, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[QuestionStat])
}

func attemptRows(ctx context.Context, q db.DBTX, quizID int64, limit int) ([]AttemptRow, error) {
	rows, _ := q.Query(ctx, `SELECT id, user_id, number, started_at, submitted_at, status,
		score::float8 AS score, max_score::float8 AS max_score, percent::float8 AS percent, passed
		FROM quiz_attempts WHERE quiz_id = $1 ORDER BY user_id, number LIMIT $2`, quizID, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[AttemptRow])
}

func setManualScore(ctx context.Context, q db.DBTX, attemptID, questionID int64, score float64, by int64) error {
	_, err := q.Exec(ctx, `UPDATE quiz_answers SET score = $3, graded_by = $4
		WHERE attempt_id = $1 AND question_id = $2`, attemptID, questionID, score, by)
	return err
}

// paperScores returns the scores of an attempt's questions in paper order,
// nil where a score is still missing.
func paperScores(ctx context.Context, q db.DBTX, a *Attempt) ([]*float64, error) {
	answers, err := attemptAnswers(ctx, q, a.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*float64, len(a.Paper))
	for i, e := range a.Paper {
		if ans := answers[e.Q]; ans != nil {
			out[i] = ans.Score
		}
	}
	return out, nil
}

func dailyDays(ctx context.Context, q db.DBTX, userID int64) ([]time.Time, error) {
	rows, _ := q.Query(ctx, `SELECT DISTINCT day FROM quiz_attempts
		WHERE user_id = $1 AND day IS NOT NULL AND submitted_at IS NOT NULL ORDER BY day DESC LIMIT 400`, userID)
	return pgx.CollectRows(rows, pgx.RowTo[time.Time])
}
