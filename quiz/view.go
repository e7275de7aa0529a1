package quiz

import (
	"context"
	"math"
	"time"
)

// AttemptView is what the learner's browser gets. Before submission it
// carries the questions' text and options only: no weights, no answers,
// no feedback, no explanation.
type AttemptView struct {
	Attempt
	QuizTitle string `json:"quiz_title"`
	// CourseID is the course the quiz belongs to, so the result leads back.
	CourseID *int64 `json:"course_id,omitempty"`
	// Remaining is the time left in whole seconds, from the server clock;
	// -1 when there is no time limit.
	Remaining   int            `json:"remaining_s"`
	PassMark    float64        `json:"pass_mark"`
	ShowAnswers bool           `json:"show_answers"`
	Questions   []ViewQuestion `json:"questions"`
}

// ViewQuestion is a question as the learner sees it, options in the order
// of their attempt.
type ViewQuestion struct {
	ID      int64    `json:"id"`
	N       int      `json:"n"`
	Type    Type     `json:"type"`
	Title   string   `json:"title,omitempty"`
	Stem    string   `json:"stem"`
	Options []string `json:"options,omitempty"`
	// Prompts are a matching question's left items (HTML); Options are then
	// its answers (escaped text) and Choices one position per prompt, -1
	// where none is chosen.
	Prompts []string `json:"prompts,omitempty"`
	Blanks  int      `json:"blanks,omitempty"`
	Points  float64  `json:"points"`
	Choices []int    `json:"choices"`
	Texts   []string `json:"texts"`
	Flagged bool     `json:"flagged"`
	Saved   bool     `json:"saved"`
	Review  *Review  `json:"review,omitempty"`
}

// Review is shown after submission when the quiz allows it.
type Review struct {
	Score       *float64 `json:"score"`
	Correct     []int    `json:"correct,omitempty"`
	Answers     []string `json:"answers,omitempty"`
	Feedback    []string `json:"feedback,omitempty"`
	Explanation string   `json:"explanation,omitempty"`
}

// view builds what the learner sees; qs and answers are loaded when nil.
func (s *Service) view(ctx context.Context, a *Attempt, z *Quiz, qs map[int64]*Question, answers map[int64]*savedAnswer, now time.Time) (*AttemptView, error) {
	var err error
	if qs == nil {
		if qs, err = s.cachedQuestions(ctx, s.db, paperIDs(a.Paper)); err != nil {
			return nil, err
		}
	}
	if answers == nil {
		if answers, err = attemptAnswers(ctx, s.db, a.ID); err != nil {
			return nil, err
		}
	}
	shown, err := s.keyShownFor(ctx, z, a, now)
	if err != nil {
		return nil, err
	}
	v := &AttemptView{Attempt: *a, QuizTitle: z.Title, Remaining: -1, PassMark: z.PassMark, ShowAnswers: shown,
		CourseID: z.CourseID}
	if a.Deadline != nil && a.SubmittedAt == nil {
		v.Remaining = max(0, int(math.Ceil(a.Deadline.Sub(now).Seconds())))
	}
	for i, e := range a.Paper {
		v.Questions = append(v.Questions, viewQuestion(i+1, e, qs[e.Q], answers[e.Q], v.ShowAnswers))
	}
	return v, nil
}

// keyShownFor applies keyShown, loading the learner's attempts only when
// it needs them.
func (s *Service) keyShownFor(ctx context.Context, z *Quiz, a *Attempt, now time.Time) (bool, error) {
	var all []Attempt
	if needsAttempts(z, a, now) {
		var err error
		if all, err = userAttempts(ctx, s.db, z.ID, a.UserID); err != nil {
			return false, err
		}
	}
	return keyShown(z, a, all, now), nil
}

func viewQuestion(n int, e PaperEntry, q *Question, ans *savedAnswer, review bool) ViewQuestion {
	vq := ViewQuestion{ID: e.Q, N: n, Type: q.Type, Title: q.Title, Stem: q.Stem, Points: e.P,
		Choices: []int{}, Texts: []string{}}
	order := e.O
	if order == nil {
		order = identity(len(q.Body.Options))
	}
	if q.Type == Single || q.Type == Multiple || q.Type == TrueFalse {
		for _, o := range order {
			vq.Options = append(vq.Options, q.Body.Options[o].Text)
		}
	}
	if q.Type == Fill {
		vq.Blanks = len(q.Body.Blanks)
	}
	if q.Type == Match {
		matchView(&vq, e, q)
	}
	if ans != nil {
		vq.Choices, vq.Texts, vq.Flagged = e.toDisplay(ans.Response.Choices), ans.Response.Texts, ans.Flagged
		if q.Type == Match {
			vq.Choices = matchDisplay(e, ans.Response.Choices)
		}
		vq.Saved = !ans.Response.Empty()
		if vq.Texts == nil {
			vq.Texts = []string{}
		}
	}
	if review {
		vq.Review = reviewOf(q, order, ans)
	}
	return vq
}

func reviewOf(q *Question, order []int, ans *savedAnswer) *Review {
	r := &Review{Explanation: q.Explanation}
	if ans != nil {
		r.Score = ans.Score
	}
	if q.Type == Match {
		for _, p := range q.Body.MatchPrompts() {
			r.Answers = append(r.Answers, p.Answer)
		}
		return r
	}
	r.Feedback = append(r.Feedback, textFeedback(q, ans)...)
	for d, o := range order {
		opt := q.Body.Options[o]
		if opt.Weight > 0 {
			r.Correct = append(r.Correct, d)
		}
		if opt.Feedback != "" && ans != nil && contains(ans.Response.Choices, o) {
			r.Feedback = append(r.Feedback, opt.Feedback)
		}
	}
	for _, b := range q.Body.Blanks {
		r.Answers = append(r.Answers, b.Answers[0].Text)
	}
	for _, rg := range q.Body.Ranges {
		if rg.Weight == 1 {
			r.Answers = append(r.Answers, num(rg.Value)+"±"+num(rg.Tolerance))
		}
	}
	return r
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
