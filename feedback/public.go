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

func insertPublic(ctx context.Context, tx pgx.Tx, id string, m *messageRow, q, ans string, by int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO feedback_public (id, message_id, unit_id, question, answer, published_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, m.ID, m.UnitID, q, ans, by)
	return err
}

const publicSelect = `SELECT p.id, p.unit_id, u.name AS unit_name, p.question, p.answer, p.published_at
	FROM feedback_public p JOIN org_unit_tree u ON u.id = p.unit_id`

func publicList(ctx context.Context, q db.DBTX, own string, scopes []string, all bool) ([]Public, error) {
	rows, _ := q.Query(ctx, publicSelect+`
		WHERE $3 OR ($1 <> '' AND u.path @> $1::ltree) OR u.path <@ $2::ltree[]
		ORDER BY p.published_at DESC LIMIT 200`, own, scopes, all)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Public])
}

func publicOf(ctx context.Context, q db.DBTX, messageID string) (*Public, error) {
	rows, _ := q.Query(ctx, publicSelect+` WHERE p.message_id = $1`, messageID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Public])
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}
