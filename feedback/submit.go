package feedback

import (
	"bytes"
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// NewMessage is what a member writes.
type NewMessage struct {
	UnitID    int64    `json:"unit_id"`
	Category  string   `json:"category"`
	Body      string   `json:"body"`
	Anonymous bool     `json:"anonymous"`
	Files     []Upload `json:"-"`
}

// Targets are the units the actor may write to: their own and those above.
func (s *Service) Targets(ctx context.Context, a *org.Actor) ([]Unit, error) {
	if a.UnitPath == "" {
		return nil, nil
	}
	return unitsOnPath(ctx, s.db, a.UnitPath)
}

// Submit stores a member's message and returns it as its author sees it.
// The attachments go to the object store first; the message exists only
// once its transaction commits, with them.
func (s *Service) Submit(ctx context.Context, a *org.Actor, in NewMessage) (*Message, error) {
	body, err := s.checkNew(&in)
	if err != nil {
		return nil, err
	}
	unit, err := unitByID(ctx, s.db, in.UnitID)
	if apperr.Is(err, apperr.NotFound) || err == nil && !mayWriteTo(a, unit.Path) {
		return nil, errNotOnPath()
	}
	if err != nil {
		return nil, err
	}
	files, err := s.checkFiles(in.Files)
	if err != nil {
		return nil, err
	}
	if in.Anonymous {
		if err := scrubFiles(files, in.Files); err != nil {
			return nil, err
		}
	}
	key, box, err := s.authorSeal(a.UserID)
	if err != nil {
		return nil, err
	}
	m, err := s.newRow(ctx, a, unit, in, body)
	if err != nil {
		return nil, err
	}
	if err := s.putFiles(ctx, m.ID, files, in.Files); err != nil {
		return nil, err
	}
	ref := randomID()
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error { return s.insertNew(ctx, tx, m, ref, key, box, files) })
	if err != nil {
		s.removeFiles(ctx, files)
		return nil, err
	}
	return s.Mine(ctx, a, ref)
}

// scrubFiles strips what images say of their maker, in place.
func scrubFiles(rows []fileRow, files []Upload) error {
	for i := range rows {
		data, ok := scrubImage(rows[i].ContentType, files[i].Data)
		if !ok {
			return apperr.Invalidf("图片“%s”无法读取，请重新截图或另存后再上传", rows[i].Name)
		}
		files[i].Data, rows[i].Size = data, int64(len(data))
	}
	return nil
}

func (s *Service) checkNew(in *NewMessage) (string, error) {
	if err := checkCategory(in.Category); err != nil {
		return "", err
	}
	if in.UnitID <= 0 {
		return "", apperr.Invalidf("请选择要反映的党组织")
	}
	return cleanText(in.Body, "反映内容", 5000)
}

func (s *Service) authorSeal(userID int64) ([]byte, []byte, error) {
	key, err := s.keys.authorKey(userID)
	if err != nil {
		return nil, nil, err
	}
	box, err := s.keys.sealAuthor(userID)
	return key, box, err
}

// newRow dates the message to the day and takes the unit's deadlines.
func (s *Service) newRow(ctx context.Context, a *org.Actor, unit *Unit, in NewMessage, body string) (newMessage, error) {
	st, err := settingsFor(ctx, s.db, unit.ID, unit.Path)
	if err != nil {
		return newMessage{}, err
	}
	today := s.today()
	m := newMessage{ID: randomID(), Category: in.Category, Body: body, UnitID: unit.ID, Submitted: today,
		Accept: addWorkingDays(today, st.AcceptDays), Answer: addWorkingDays(today, st.AnswerDays)}
	if !in.Anonymous {
		m.AuthorID = &a.UserID
	}
	return m, nil
}

func (s *Service) insertNew(ctx context.Context, tx pgx.Tx, m newMessage, ref string, key, box []byte, files []fileRow) error {
	if err := insertMessage(ctx, tx, m); err != nil {
		return err
	}
	if err := insertAuthor(ctx, tx, ref, m.ID, key, box); err != nil {
		return err
	}
	for _, f := range files {
		if err := insertFile(ctx, tx, m.ID, f); err != nil {
			return err
		}
	}
	return nil
}

// putFiles stores the attachments under the message's id.
func (s *Service) putFiles(ctx context.Context, id string, rows []fileRow, files []Upload) error {
	for i := range rows {
		rows[i].ObjectKey = "feedback/" + id + "/" + randomID()
		_, err := s.store.Client.PutObject(ctx, s.store.Bucket, rows[i].ObjectKey, bytes.NewReader(files[i].Data),
			rows[i].Size, minio.PutObjectOptions{ContentType: rows[i].ContentType})
		if err != nil {
			s.removeFiles(ctx, rows[:i])
			return apperr.New(apperr.Unavailable, "unavailable", "附件暂时无法保存，请稍后再试")
		}
	}
	return nil
}

// removeFiles takes back what putFiles stored for a message that was not
// committed; a leftover object is harmless, so failures are ignored.
func (s *Service) removeFiles(ctx context.Context, rows []fileRow) {
	for _, f := range rows {
		if f.ObjectKey != "" {
			_ = s.store.Client.RemoveObject(context.WithoutCancel(ctx), s.store.Bucket, f.ObjectKey, minio.RemoveObjectOptions{})
		}
	}
}
