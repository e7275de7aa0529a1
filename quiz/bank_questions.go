package quiz

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// QuestionPage is one page of a bank's questions.
type QuestionPage struct {
	Questions []Question `json:"questions"`
	Total     int        `json:"total"`
	Page      int        `json:"page"`
	PerPage   int        `json:"per_page"`
}

// Questions lists a page of a bank's questions, optionally only those
// whose stem, tags or knowledge point contain text.
func (s *Service) Questions(ctx context.Context, v Viewer, bankID int64, text string, page int) (*QuestionPage, error) {
	if _, err := s.Bank(ctx, v, bankID); err != nil {
		return nil, err
	}
	const per = 50
	page = max(page, 1)
	qs, total, err := listQuestions(ctx, s.db, bankID, text, (page-1)*per, per)
	if err != nil {
		return nil, err
	}
	return &QuestionPage{Questions: qs, Total: total, Page: page, PerPage: per}, nil
}

// Question returns one question of a bank the viewer may use.
func (s *Service) Question(ctx context.Context, v Viewer, id int64) (*Question, error) {
	return s.questionFor(ctx, v, id, readOnly)
}

// questionFor returns a question whose bank the viewer may use as far as
// need; one they may not see at all is not found.
func (s *Service) questionFor(ctx context.Context, v Viewer, id int64, need access) (*Question, error) {
	q, err := getQuestion(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.bankFor(ctx, v, q.BankID, need); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, apperr.NotFoundf("题目不存在")
		}
		return nil, err
	}
	return q, nil
}

// SaveQuestion adds a question to a bank (ID 0) or changes one.
func (s *Service) SaveQuestion(ctx context.Context, v Viewer, q Question) (*Question, error) {
	if q.ID != 0 {
		old, err := s.questionFor(ctx, v, q.ID, readWrite)
		if err != nil {
			return nil, err
		}
		q.BankID = old.BankID
	} else if _, err := s.bankFor(ctx, v, q.BankID, readWrite); err != nil {
		return nil, err
	}
	if err := q.Normalize(); err != nil {
		return nil, err
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if q.ID != 0 {
			err = updateQuestion(ctx, tx, &q)
		} else {
			q.ID, err = insertQuestion(ctx, tx, &q)
		}
		if err != nil {
			return err
		}
		return s.bankChanged(ctx, tx, q.BankID)
	})
	if err != nil {
		return nil, err
	}
	return s.Question(ctx, v, q.ID)
}

// DeleteQuestion removes a question from its bank. Attempts that drew it
// keep it, so their grades and reviews stay as they were.
func (s *Service) DeleteQuestion(ctx context.Context, v Viewer, id int64) error {
	q, err := s.questionFor(ctx, v, id, readWrite)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := softDeleteQuestion(ctx, tx, id); err != nil {
			return err
		}
		return s.bankChanged(ctx, tx, q.BankID)
	})
}

// bankChanged tells search, inside tx, that a bank's questions changed.
func (s *Service) bankChanged(ctx context.Context, tx pgx.Tx, bankID int64) error {
	if s.OnBankChange == nil {
		return nil
	}
	return s.OnBankChange(ctx, tx, bankID)
}
