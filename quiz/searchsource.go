package quiz

import (
	"context"
	"fmt"

	"lms/internal/apperr"
	"lms/search"
)

// SearchBankKind is the source kind of a question bank's questions.
const SearchBankKind = "quiz_bank"

// SearchSource feeds search with the questions of each bank, for trainers.
func (s *Service) SearchSource() search.Source { return bankSource{s} }

type bankSource struct{ q *Service }

func (bankSource) Kind() string { return SearchBankKind }

func (s bankSource) IDs(ctx context.Context) ([]int64, error) { return s.q.BankIDs(ctx) }

// Docs: each live question's stem and choices, for the bank's author and
// the trainers of its course (trainer only: learners never find them). The
// answer key never reaches the index: quiz hands out no answers here.
func (s bankSource) Docs(ctx context.Context, id int64) ([]search.Doc, error) {
	b, err := s.q.BankForSearch(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil // deleted: its docs leave the index
	}
	if err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(b.Questions))
	for _, q := range b.Questions {
		stem := search.HTMLText(q.Stem)
		title := q.Title
		if title == "" {
			title = search.FirstRunes(stem, 60)
		}
		body := stem
		for i, choice := range q.Choices {
			body += fmt.Sprintf("\n%c. %s", 'A'+i, search.HTMLText(choice))
		}
		docs = append(docs, search.Doc{Kind: search.KindQuestion, CourseID: b.CourseID, Title: title, Body: body,
			Tags: q.Tags, TrainerOnly: true, OwnerIDs: []int64{b.CreatedBy},
			URL: fmt.Sprintf("/quiz/questions/%d/edit", q.ID)})
	}
	return docs, nil
}
