package feedback

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// PublicInput is a 公开答复 as the handler writes it: the question in their
// own words (so the author's wording cannot give them away) and the answer.
type PublicInput struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Publish shows an answered message's question and answer to the members
// of the addressed unit, without the author.
func (s *Service) Publish(ctx context.Context, a *org.Actor, id string, in PublicInput) (*Message, error) {
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		m, err := s.handled(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		q, err := cleanText(in.Question, "公开的问题", 2000)
		if err != nil {
			return err
		}
		ans, err := cleanText(in.Answer, "公开的答复", 5000)
		if err != nil {
			return err
		}
		if m.State != Answered && m.State != Closed {
			return apperr.Conflictf("答复之后才能公开答复")
		}
		if err := insertPublic(ctx, tx, randomID(), m, q, ans, a.UserID); err != nil {
			return err
		}
		now := s.now()
		return insertEntry(ctx, tx, m.ID, entry{Kind: "publish", ActorID: &a.UserID, Day: s.today(), At: &now})
	})
	if db.IsUniqueViolation(err) {
		return nil, apperr.Conflictf("这条意见建议已经公开答复过了")
	}
	if err != nil {
		return nil, err
	}
	return s.Message(ctx, a, id)
}

// PublicAnswers lists the public answers of the units on the actor's path
// and of the units they handle, newest first.
func (s *Service) PublicAnswers(ctx context.Context, a *org.Actor) ([]Public, error) {
	scopes, all := handlerScopes(a)
	return publicList(ctx, s.db, a.UnitPath, scopes, all)
}
