package quiz

import (
	"context"
	"strings"
	"time"

	"lms/internal/apperr"
)

// AnswerInput is one question's answer as the browser sends it: choices
// by their displayed position, texts for blanks, numbers and essays.
type AnswerInput struct {
	Choices []int    `json:"choices"`
	Texts   []string `json:"texts"`
	Flagged bool     `json:"flagged"`
}

// Saved acknowledges an answer that is durable in PostgreSQL.
type Saved struct {
	QuestionID int64     `json:"question_id"`
	SavedAt    time.Time `json:"saved_at"`
	Remaining  int       `json:"remaining_s"`
}

// SaveAnswer stores an answer of an open attempt. After the deadline it
// is refused, and the attempt is submitted with what was saved.
func (s *Service) SaveAnswer(ctx context.Context, v Viewer, attemptID, questionID int64, in AnswerInput) (*Saved, error) {
	a, err := s.ownAttempt(ctx, v, attemptID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if err := s.checkOpen(ctx, a, now); err != nil {
		return nil, err
	}
	e, ok := a.entry(questionID)
	if !ok {
		return nil, apperr.NotFoundf("本次答卷中没有这道题")
	}
	resp, err := responseOf(e, in)
	if err != nil {
		return nil, err
	}
	// The statement rechecks, under a share lock on the attempt, that it is
	// still open: a submit running now either sees this answer or refuses it.
	ok, err = upsertAnswer(ctx, s.db, a.ID, questionID, resp, in.Flagged, now)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.Conflictf("答卷已提交，答案未保存")
	}
	out := &Saved{QuestionID: questionID, SavedAt: now, Remaining: -1}
	if a.Deadline != nil {
		out.Remaining = max(0, int(a.Deadline.Sub(now).Seconds()))
	}
	return out, nil
}

// checkOpen refuses a submitted attempt, and submits an expired one.
func (s *Service) checkOpen(ctx context.Context, a *Attempt, now time.Time) error {
	if a.SubmittedAt != nil {
		return apperr.Conflictf("答卷已提交，不能再修改")
	}
	if a.expired(now) {
		if err := s.submitDue(ctx, a.ID); err != nil {
			return err
		}
		return apperr.New(apperr.Conflict, "deadline_passed", "作答时间已到，答案未保存；答卷已按此前保存的答案提交")
	}
	return nil
}

const maxText = 20000

func responseOf(e PaperEntry, in AnswerInput) (Response, error) {
	var r Response
	var err error
	switch e.T {
	case Match:
		if len(in.Texts) > 0 {
			return r, apperr.Invalidf("配对题只能为每个左项选择答案")
		}
		r.Choices, err = matchResponse(e, in.Choices)
		return r, err
	case Single, TrueFalse, Multiple:
		if len(in.Texts) > 0 {
			return r, apperr.Invalidf("选择题只能提交选项")
		}
		if r.Choices, err = e.fromDisplay(in.Choices); err != nil {
			return r, err
		}
		if e.T != Multiple && len(r.Choices) > 1 {
			return r, apperr.Invalidf("这道题只能选一个选项")
		}
	default:
		if len(in.Choices) > 0 {
			return r, apperr.Invalidf("这道题不是选择题")
		}
		limit := 1
		if e.T == Fill {
			limit = e.N
		}
		if len(in.Texts) > limit {
			return r, apperr.Invalidf("这道题只有 %d 个空", limit)
		}
		for _, t := range in.Texts {
			if len([]rune(t)) > maxText {
				return r, apperr.Invalidf("答案过长（不超过 %d 字）", maxText)
			}
			r.Texts = append(r.Texts, strings.ToValidUTF8(t, ""))
		}
	}
	return r, nil
}
