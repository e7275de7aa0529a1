package quiz

import (
	"context"
	"time"

	"lms/internal/apperr"
)

// Attempt statuses.
const (
	StatusOpen    = "open"
	StatusPending = "pending" // submitted; a short answer waits for a trainer
	StatusGraded  = "graded"
)

// PaperEntry is one question an attempt fixed at its start: the question,
// its points, its type and size (options or blanks), and the order its
// options are shown in (O[d] is the stored index of displayed option d).
type PaperEntry struct {
	Q int64   `json:"q"`
	P float64 `json:"p"`
	T Type    `json:"t"`
	N int     `json:"n"`
	O []int   `json:"o,omitempty"`
	// M is the number of prompts of a matching question (N its answers).
	M int `json:"m,omitempty"`
}

// Attempt is a learner's go at a quiz.
type Attempt struct {
	ID          int64        `json:"id"`
	QuizID      int64        `json:"quiz_id"`
	UserID      int64        `json:"user_id"`
	Number      int          `json:"number"`
	Day         *time.Time   `json:"day,omitempty"`
	Paper       []PaperEntry `json:"-"`
	StartedAt   time.Time    `json:"started_at"`
	Deadline    *time.Time   `json:"deadline,omitempty"`
	SubmittedAt *time.Time   `json:"submitted_at,omitempty"`
	Status      string       `json:"status"`
	Score       *float64     `json:"score"`
	MaxScore    float64      `json:"max_score"`
	Percent     *float64     `json:"percent"`
	Passed      *bool        `json:"passed"`
}

// expired reports whether an open attempt ran past its deadline.
func (a *Attempt) expired(now time.Time) bool {
	return a.SubmittedAt == nil && a.Deadline != nil && !now.Before(*a.Deadline)
}

func (a *Attempt) entry(questionID int64) (PaperEntry, bool) {
	for _, e := range a.Paper {
		if e.Q == questionID {
			return e, true
		}
	}
	return PaperEntry{}, false
}

// toDisplay maps stored option indexes to the order the learner sees.
func (e PaperEntry) toDisplay(choices []int) []int {
	if e.O == nil {
		return choices
	}
	out := make([]int, 0, len(choices))
	for _, c := range choices {
		for d, o := range e.O {
			if o == c {
				out = append(out, d)
			}
		}
	}
	return out
}

// fromDisplay maps the learner's displayed choices to stored indexes.
func (e PaperEntry) fromDisplay(choices []int) ([]int, error) {
	seen := map[int]bool{}
	out := make([]int, 0, len(choices))
	for _, d := range choices {
		if d < 0 || d >= e.N {
			return nil, apperr.Invalidf("选项 %d 不存在", d+1)
		}
		if seen[d] {
			continue
		}
		seen[d] = true
		if e.O != nil {
			d = e.O[d]
		}
		out = append(out, d)
	}
	return out, nil
}

// ownAttempt loads an attempt of the viewer's; anyone else's is not found.
func (s *Service) ownAttempt(ctx context.Context, v Viewer, id int64) (*Attempt, error) {
	a, err := getAttempt(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !v.ownsAttempt(a) {
		return nil, apperr.NotFoundf("答卷不存在")
	}
	return a, nil
}

// HasPassed reports whether the attempt is graded and passed, for pages.
func (a Attempt) HasPassed() bool { return a.Passed != nil && *a.Passed }
