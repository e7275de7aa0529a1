package feedback

import (
	"context"
	"io"
	"slices"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// MyMessages lists the actor's own messages, each named by its author
// link (Ref), never by the id handlers see.
func (s *Service) MyMessages(ctx context.Context, a *org.Actor) ([]*Message, error) {
	key, err := s.keys.authorKey(a.UserID)
	if err != nil {
		return nil, err
	}
	rows, refs, err := authorMessages(ctx, s.db, key)
	if err != nil {
		return nil, err
	}
	out := make([]*Message, len(rows))
	for i, m := range rows {
		out[i] = view(m)
		out[i].Ref = refs[i]
	}
	return out, nil
}

// Mine is one of the actor's own messages, by its author link.
func (s *Service) Mine(ctx context.Context, a *org.Actor, ref string) (*Message, error) {
	id, err := s.ownMessage(ctx, s.db, a, ref)
	if err != nil {
		return nil, err
	}
	m, err := getMessage(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	out, err := full(ctx, s.db, m)
	if out != nil {
		out.Ref = ref
	}
	return out, err
}

// ownMessage resolves ref under the actor's own key: another person's
// link is "not found", as is a made-up one.
func (s *Service) ownMessage(ctx context.Context, q db.DBTX, a *org.Actor, ref string) (string, error) {
	if !validID(ref) || a.UserID == 0 {
		return "", errMessageNotFound()
	}
	key, err := s.keys.authorKey(a.UserID)
	if err != nil {
		return "", err
	}
	id, err := messageOfRef(ctx, q, key, ref)
	if apperr.Is(err, apperr.NotFound) {
		return "", errMessageNotFound()
	}
	return id, err
}

// AddNote adds the author's words to the thread until the message closes.
func (s *Service) AddNote(ctx context.Context, a *org.Actor, ref, text string) (*Message, error) {
	err := s.asAuthor(ctx, a, ref, func(tx pgx.Tx, m *messageRow) error {
		body, err := cleanText(text, "补充内容", 5000)
		if err != nil {
			return err
		}
		if m.State == Closed || m.State == Rejected {
			return apperr.Conflictf("该意见建议%s，不能再补充", stateName[m.State])
		}
		return insertEntry(ctx, tx, m.ID, entry{Kind: "note", ByAuthor: true, Body: body, Day: s.today()})
	})
	if err != nil {
		return nil, err
	}
	return s.Mine(ctx, a, ref)
}

// Rate records the author's rating of the answer; rating an answered
// message closes it (办结).
func (s *Service) Rate(ctx context.Context, a *org.Actor, ref, rating string) (*Message, error) {
	err := s.asAuthor(ctx, a, ref, func(tx pgx.Tx, m *messageRow) error {
		if !slices.Contains(Ratings, rating) {
			return apperr.Invalidf("请选择评价：满意、基本满意或不满意")
		}
		if m.Rating != nil {
			return apperr.Conflictf("已经评价过了")
		}
		if m.State != Answered && m.State != Closed {
			return apperr.Conflictf("答复之后才能评价")
		}
		if err := setRating(ctx, tx, m.ID, rating, Closed); err != nil {
			return err
		}
		return insertEntry(ctx, tx, m.ID, entry{Kind: "rate", ByAuthor: true, Body: rating, Day: s.today()})
	})
	if err != nil {
		return nil, err
	}
	return s.Mine(ctx, a, ref)
}

// asAuthor runs fn on the actor's own message, locked.
func (s *Service) asAuthor(ctx context.Context, a *org.Actor, ref string, fn func(pgx.Tx, *messageRow) error) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		id, err := s.ownMessage(ctx, tx, a, ref)
		if err != nil {
			return err
		}
		m, err := lockMessage(ctx, tx, id)
		if err != nil {
			return err
		}
		return fn(tx, m)
	})
}

// MineFile opens an attachment of the actor's own message.
func (s *Service) MineFile(ctx context.Context, a *org.Actor, ref string, n int) (*File, io.ReadCloser, error) {
	id, err := s.ownMessage(ctx, s.db, a, ref)
	if err != nil {
		return nil, nil, err
	}
	return s.openFile(ctx, id, n)
}

// stateName is each state in Chinese, for messages to people.
var stateName = map[string]string{Pending: "待受理", Accepted: "已受理", Answered: "已答复", Closed: "已办结", Rejected: "不予受理"}
