package quiz

import (
	"context"
)

// SearchQuestion is what search may index of a question: its words as a
// learner would read them in an attempt. The answer key, the feedback and
// the explanation never leave this package this way.
type SearchQuestion struct {
	ID      int64
	Type    Type
	Title   string
	Stem    string   // HTML, as stored
	Choices []string // option texts of choice questions only: a blank's or a number's options are its answers
	Tags    []string
}

// SearchBank is a bank and its live questions, for search.
type SearchBank struct {
	ID        int64
	Name      string
	CourseID  int64 // 0: shared with a unit's subtree
	CreatedBy int64
	Questions []SearchQuestion
}

// BankForSearch returns a bank's questions without their answers, with no
// access check (search applies its own filter); NotFound once it is gone.
func (s *Service) BankForSearch(ctx context.Context, id int64) (*SearchBank, error) {
	b, err := getBank(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	qs, err := allQuestions(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	out := &SearchBank{ID: b.ID, Name: b.Name, CreatedBy: b.CreatedBy, Questions: make([]SearchQuestion, 0, len(qs))}
	if b.CourseID != nil {
		out.CourseID = *b.CourseID
	}
	for _, q := range qs {
		out.Questions = append(out.Questions, searchQuestion(q))
	}
	return out, nil
}

func searchQuestion(q Question) SearchQuestion {
	sq := SearchQuestion{ID: q.ID, Type: q.Type, Title: q.Title, Stem: q.Stem, Tags: q.Tags}
	if q.Type == Single || q.Type == Multiple {
		for _, o := range q.Body.Options {
			sq.Choices = append(sq.Choices, o.Text)
		}
	}
	// A matching question is found by its prompts, never by their answers.
	for _, p := range q.Body.MatchPrompts() {
		sq.Choices = append(sq.Choices, p.Prompt)
	}
	return sq
}

// BankIDs lists every bank, for a rebuild of the index.
func (s *Service) BankIDs(ctx context.Context) ([]int64, error) {
	return allBankIDs(ctx, s.db)
}
