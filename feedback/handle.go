package feedback

import (
	"context"
	"io"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// InboxFilter narrows a handler's list.
type InboxFilter struct {
	State string // "" for all
	Page  int    // from 1
}

// InboxPageSize is how many messages one page of the inbox holds.
const InboxPageSize = 50

// Inbox lists the messages the actor handles, escalated open ones first.
// more says whether another page follows.
func (s *Service) Inbox(ctx context.Context, a *org.Actor, f InboxFilter) (list []*Message, more bool, err error) {
	scopes, all := handlerScopes(a)
	if !all && len(scopes) == 0 {
		return nil, false, apperr.Forbiddenf("只有党组织的委员和管理员处理意见建议")
	}
	if f.State != "" && stateName[f.State] == "" {
		return nil, false, apperr.Invalidf("状态“%s”无效", f.State)
	}
	rows, err := inboxMessages(ctx, s.db, scopes, all, f.State, InboxPageSize+1, (max(f.Page, 1)-1)*InboxPageSize)
	if err != nil {
		return nil, false, err
	}
	if more = len(rows) > InboxPageSize; more {
		rows = rows[:InboxPageSize]
	}
	for _, m := range rows {
		v := view(m)
		v.ID = m.ID
		list = append(list, v)
	}
	return list, more, nil
}

// Message is one message as its handler sees it.
func (s *Service) Message(ctx context.Context, a *org.Actor, id string) (*Message, error) {
	m, err := s.handled(ctx, s.db, a, id, false)
	if err != nil {
		return nil, err
	}
	out, err := full(ctx, s.db, m)
	if out != nil {
		out.ID = m.ID
	}
	return out, err
}

// handled loads (and with lock, locks) a message the actor handles; any
// other message is "not found".
func (s *Service) handled(ctx context.Context, q db.DBTX, a *org.Actor, id string, lock bool) (*messageRow, error) {
	if !validID(id) {
		return nil, errMessageNotFound()
	}
	var m *messageRow
	var err error
	if tx, ok := q.(pgx.Tx); ok && lock {
		m, err = lockMessage(ctx, tx, id)
	} else {
		m, err = getMessage(ctx, q, id)
	}
	if apperr.Is(err, apperr.NotFound) || err == nil && !handles(a, m.UnitPath) {
		return nil, errMessageNotFound()
	}
	return m, err
}

// step is one handler's action: from which states, to which, and what the
// thread says.
type step struct {
	kind, verb string
	from       []string
	to         string
	needText   string // what the text is called when it is required
}

var (
	stepAccept = step{kind: "accept", verb: "受理", from: []string{Pending}, to: Accepted}
	stepReject = step{kind: "reject", verb: "不予受理", from: []string{Pending, Accepted}, to: Rejected, needText: "不予受理的理由"}
	stepReply  = step{kind: "reply", verb: "答复", from: []string{Accepted, Answered}, to: Answered, needText: "答复内容"}
	stepClose  = step{kind: "close", verb: "办结", from: []string{Answered}, to: Closed}
)

// Accept: 待受理 → 已受理.
func (s *Service) Accept(ctx context.Context, a *org.Actor, id string) (*Message, error) {
	return s.act(ctx, a, id, stepAccept, "")
}

// Reject: 不予受理, with the reason the author will read.
func (s *Service) Reject(ctx context.Context, a *org.Actor, id, reason string) (*Message, error) {
	return s.act(ctx, a, id, stepReject, reason)
}

// Reply answers the author (again, if need be).
func (s *Service) Reply(ctx context.Context, a *org.Actor, id, text string) (*Message, error) {
	return s.act(ctx, a, id, stepReply, text)
}

// Close: 已答复 → 已办结.
func (s *Service) Close(ctx context.Context, a *org.Actor, id string) (*Message, error) {
	return s.act(ctx, a, id, stepClose, "")
}

func (s *Service) act(ctx context.Context, a *org.Actor, id string, st step, text string) (*Message, error) {
	// Who may act is checked before what they wrote: a stranger learns
	// nothing, not even whether their text would have passed.
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		m, err := s.handled(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		body, err := stepText(st, text)
		if err != nil {
			return err
		}
		if !slices.Contains(st.from, m.State) {
			return apperr.Conflictf("该意见建议当前为“%s”，不能%s", stateName[m.State], st.verb)
		}
		if err := setState(ctx, tx, m.ID, st.to, s.today()); err != nil {
			return err
		}
		now := s.now()
		if err := insertEntry(ctx, tx, m.ID, entry{Kind: st.kind, ActorID: &a.UserID, Body: body, Day: s.today(), At: &now}); err != nil {
			return err
		}
		return s.tellAuthor(ctx, tx, m.ID, "您的意见建议有了新进展："+stateName[st.to])
	})
	if err != nil {
		return nil, err
	}
	return s.Message(ctx, a, id)
}

func stepText(st step, text string) (string, error) {
	if st.needText == "" {
		if text == "" {
			return "", nil
		}
		return cleanText(text, "说明", 2000)
	}
	return cleanText(text, st.needText, 5000)
}

// tellAuthor notifies the author, whom only the sealed box names. The
// notification links to the author's list, not to the message, so even
// the notifications table pairs no account with a message.
func (s *Service) tellAuthor(ctx context.Context, tx pgx.Tx, id, title string) error {
	if s.Notify == nil {
		return nil
	}
	box, _, err := sealedAuthor(ctx, tx, id)
	if err != nil {
		return err
	}
	uid, err := s.keys.openAuthor(box)
	if err != nil {
		return err
	}
	return s.Notify.Notify(ctx, tx, uid, title, "/feedback")
}

// File opens an attachment of a message the actor handles.
func (s *Service) File(ctx context.Context, a *org.Actor, id string, n int) (*File, io.ReadCloser, error) {
	if _, err := s.handled(ctx, s.db, a, id, false); err != nil {
		return nil, nil, err
	}
	return s.openFile(ctx, id, n)
}

func (s *Service) openFile(ctx context.Context, id string, n int) (*File, io.ReadCloser, error) {
	f, err := fileOf(ctx, s.db, id, n)
	if err != nil {
		return nil, nil, err
	}
	obj, err := s.store.Client.GetObject(ctx, s.store.Bucket, f.ObjectKey, minio.GetObjectOptions{})
	if err != nil {
		return nil, nil, apperr.New(apperr.Unavailable, "unavailable", "附件暂时无法读取，请稍后再试")
	}
	return &File{N: f.N, Name: f.Name, ContentType: f.ContentType, Size: f.Size}, obj, nil
}
