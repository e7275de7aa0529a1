package quiz

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// The quizzes of `lms seed scale`: one final quiz per generated course,
// and attempts by about half of those who completed it, a fifth of them
// twice; scores spread from 40 to 100.

// ScaleCourse is a generated course that gets a quiz.
type ScaleCourse struct {
	ID    int64
	Title string
}

// ScaleCompletion is one learner's completion of a generated course.
type ScaleCompletion struct {
	UserID    int64
	Course    int // index into the courses
	Completed time.Time
}

// LoadScale copies a quiz per course, made by creator, and the attempts
// of the completions that next walks (false at the end), in tx.
func LoadScale(ctx context.Context, tx pgx.Tx, courses []ScaleCourse, creator int64, seed uint64,
	next func() (ScaleCompletion, bool), step db.Step) error {
	var quizIDs []int64
	err := step("quizzes", func() error {
		var err error
		quizIDs, err = copyScaleQuizzes(ctx, tx, courses, creator)
		return err
	})
	if err != nil {
		return err
	}
	return step("attempts", func() error {
		return copyScaleAttempts(ctx, tx, scaleAttempts(quizIDs, seed, next))
	})
}

var emptyPaper = json.RawMessage(`[]`)

// scaleAttempts returns the attempt rows one at a time, nil at the end.
func scaleAttempts(quizIDs []int64, seed uint64, next func() (ScaleCompletion, bool)) func() []any {
	rng := rand.New(rand.NewPCG(seed, 3))
	var retake []any
	return func() []any {
		if row := retake; row != nil {
			retake = nil
			return row
		}
		for {
			c, ok := next()
			if !ok {
				return nil
			}
			if rng.Float64() >= 0.55 {
				continue
			}
			attempt := func(n int, score float64) []any {
				at := c.Completed.Add(-10 * time.Minute * time.Duration(3-n))
				return []any{quizIDs[c.Course], c.UserID, n, emptyPaper, []int64{}, at.Add(-20 * time.Minute), at,
					"graded", score, 100, score, score >= 60}
			}
			first := float64(40 + rng.IntN(61))
			if rng.Float64() < 0.2 {
				retake = attempt(2, min(100, first+float64(rng.IntN(30))))
			}
			return attempt(1, first)
		}
	}
}
