package training

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// standings reads the counts of each member (only userID when not 0).
// Courses and exams are read through the views their features publish
// for others (course_enrollment_facts, quiz_attempt_facts).
func standings(ctx context.Context, q db.DBTX, c *Class, userID int64) ([]Standing, error) {
	rows, _ := q.Query(ctx, `
		WITH r AS (`+rosterSQL+`),
		who AS (SELECT user_id FROM r WHERE $3 = 0 OR user_id = $3),
		req AS (SELECT course_id FROM training_courses WHERE class_id = $1 AND required),
		ses AS (SELECT id FROM training_sessions WHERE class_id = $1),
		done AS (SELECT f.user_id, count(*) AS n FROM course_enrollment_facts f
		         WHERE f.course_id IN (SELECT course_id FROM req) AND f.state = 'completed'
		           AND f.user_id IN (SELECT user_id FROM who) GROUP BY 1),
		att AS (SELECT k.user_id, count(*) AS n, count(*) FILTER (WHERE k.late) AS late FROM training_checkins k
		        WHERE k.session_id IN (SELECT id FROM ses) GROUP BY 1),
		qz AS (SELECT f.user_id, bool_or(f.passed) AS passed, max(f.score)::float8 AS score FROM quiz_attempt_facts f
		       WHERE f.quiz_id = $2 AND f.user_id IN (SELECT user_id FROM who) GROUP BY 1)
		SELECT w.user_id, coalesce(done.n, 0)::int AS required_done, (SELECT count(*) FROM req)::int AS required_total,
		       coalesce(qz.passed, false) AS quiz_passed, qz.score, coalesce(att.n, 0)::int AS attended,
		       coalesce(att.late, 0)::int AS late, (SELECT count(*) FROM ses)::int AS sessions
		FROM who w LEFT JOIN done ON done.user_id = w.user_id LEFT JOIN att ON att.user_id = w.user_id
		LEFT JOIN qz ON qz.user_id = w.user_id ORDER BY w.user_id`, c.ID, c.QuizID, userID)
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Standing, error) {
		var st Standing
		err := row.Scan(&st.UserID, &st.RequiredDone, &st.RequiredTotal, &st.QuizPassed, &st.Score,
			&st.Attended, &st.Late, &st.Sessions)
		return st, err
	})
	for i := range list {
		list[i].HasQuiz = c.QuizID != nil
		judge(&list[i], c)
	}
	return list, err
}
