package notice

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/internal/upload"
)

// Limits on attachments.
const (
	MaxAttachmentBytes = 20 << 20
	MaxAttachments     = 10
)

// MIME gives the content type an attachment is served with.
var MIME = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"png":  "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
}

// Attach stores a file for a draft. Its type is told by its content,
// never by its name.
func (s *Service) Attach(ctx context.Context, v Viewer, id int64, name string, r io.Reader) (*Attachment, error) {
	if _, err := s.draftOf(ctx, v, id); err != nil {
		return nil, err
	}
	tmp, size, err := upload.Spool(r, MaxAttachmentBytes, "附件须为 1 字节到 20 MB")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	kind := attachmentType(tmp, size)
	if kind == "" {
		return nil, apperr.Invalidf("附件只支持 PDF、DOCX 或图片（PNG、JPEG、GIF、WebP）")
	}
	key := fmt.Sprintf("notices/%d/%s.%s", id, randomHex(8), kind)
	if _, err := s.Store.Client.PutObject(ctx, s.Store.Bucket, key, io.NewSectionReader(tmp, 0, size), size,
		minio.PutObjectOptions{ContentType: MIME[kind]}); err != nil {
		return nil, err
	}
	var a *Attachment
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.lockDraft(ctx, tx, v, id); err != nil {
			return err
		}
		if n, err := countAttachments(ctx, tx, id); err != nil || n >= MaxAttachments {
			return cmpErr(err, apperr.Invalidf("每条通知最多 %d 个附件", MaxAttachments))
		}
		a, err = insertAttachment(ctx, tx, id, fileName(name, kind), kind, key, size)
		return err
	})
	if err != nil {
		_ = s.Store.Client.RemoveObject(ctx, s.Store.Bucket, key, minio.RemoveObjectOptions{})
	}
	return a, err
}

func (s *Service) draftOf(ctx context.Context, v Viewer, id int64) (*Notice, error) {
	n, err := s.manageable(ctx, s.db, v, id, false)
	if err == nil && n.State != Draft {
		err = apperr.Conflictf("通知已发布或已撤回，不能再修改")
	}
	return n, err
}

// Detach removes an attachment of a draft.
func (s *Service) Detach(ctx context.Context, v Viewer, id, attID int64) error {
	var key string
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.lockDraft(ctx, tx, v, id); err != nil {
			return err
		}
		var err error
		key, err = deleteAttachment(ctx, tx, id, attID)
		return err
	})
	if err == nil {
		_ = s.Store.Client.RemoveObject(ctx, s.Store.Bucket, key, minio.RemoveObjectOptions{})
	}
	return err
}

// OpenAttachment gives an attachment's file to whoever may see its notice.
func (s *Service) OpenAttachment(ctx context.Context, v Viewer, id, attID int64) (*minio.Object, *Attachment, error) {
	if _, err := s.view(ctx, s.db, v, id); err != nil {
		return nil, nil, err
	}
	a, err := getAttachment(ctx, s.db, id, attID)
	if err != nil {
		return nil, nil, err
	}
	obj, err := s.Store.Client.GetObject(ctx, s.Store.Bucket, a.ObjectKey, minio.GetObjectOptions{})
	return obj, a, err
}

func cmpErr(err error, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// fileName keeps a safe display name that ends as its type does.
func fileName(name, kind string) string {
	name = upload.CleanName(name, "附件")
	ext := "." + kind
	if kind == "jpeg" && strings.HasSuffix(strings.ToLower(name), ".jpg") {
		ext = ".jpg"
	}
	if !strings.HasSuffix(strings.ToLower(name), ext) {
		name += ext
	}
	if r := []rune(name); len(r) > 150 {
		name = string(r[len(r)-150:])
	}
	return name
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// attachmentType is the file's type when a notice takes it: PDF, DOCX or
// a picture.
func attachmentType(f *os.File, size int64) string {
	if t := upload.Sniff(f, size); t != "pptx" {
		return t
	}
	return ""
}
