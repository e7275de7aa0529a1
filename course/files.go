package course

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
	"lms/org"
)

// MaxDocumentBytes bounds one study document.
const MaxDocumentBytes = 200 << 20

var docMIME = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

// UploadDocument stores a PDF, DOCX or PPTX for a document lesson. The type
// is told by the content, never by the file name.
func (s *Service) UploadDocument(ctx context.Context, a *org.Actor, lessonID int64, name string, r io.Reader) (*Lesson, error) {
	l, err := getLesson(ctx, s.db, lessonID)
	if err != nil {
		return nil, err
	}
	if _, err := s.editable(ctx, s.db, a, l.CourseID); err != nil {
		return nil, err
	}
	if l.Kind != "document" {
		return nil, apperr.Invalidf("只有文档课时可以上传文档")
	}
	tmp, size, err := upload.Spool(r, MaxDocumentBytes, "文档须为 1 字节到 200 MB")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	typ := documentType(tmp, size)
	if typ == "" {
		return nil, apperr.Invalidf("只支持 PDF、DOCX 或 PPTX 文档")
	}
	key := fmt.Sprintf("courses/%d/lessons/%d/%s.%s", l.CourseID, l.ID, randomHex(8), typ)
	if _, err := s.Store.Client.PutObject(ctx, s.Store.Bucket, key, io.NewSectionReader(tmp, 0, size), size,
		minio.PutObjectOptions{ContentType: docMIME[typ]}); err != nil {
		return nil, err
	}
	name = cleanFileName(name, typ)
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := setLessonDoc(ctx, tx, l.ID, key, name, typ); err != nil {
			return err
		}
		return s.changed(ctx, tx, "lesson", l.ID)
	})
	if err != nil {
		return nil, err
	}
	if l.DocKey != "" {
		_ = s.Store.Client.RemoveObject(ctx, s.Store.Bucket, l.DocKey, minio.RemoveObjectOptions{})
	}
	return getLesson(ctx, s.db, l.ID)
}

func cleanFileName(name, typ string) string {
	name = upload.CleanName(name, "document")
	if !strings.HasSuffix(strings.ToLower(name), "."+typ) {
		name += "." + typ
	}
	return truncRunes(name, 150)
}

func truncRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Document opens a document lesson's file for those who may study the
// lesson (Study): the API and the reader's page answer alike.
func (s *Service) Document(ctx context.Context, a *org.Actor, lessonID int64) (*minio.Object, *Lesson, error) {
	l, _, err := s.Study(ctx, a, lessonID)
	if err != nil {
		return nil, nil, err
	}
	if l.DocKey == "" {
		return nil, nil, apperr.NotFoundf("该课时还没有文档")
	}
	obj, err := s.Store.Client.GetObject(ctx, s.Store.Bucket, l.DocKey, minio.GetObjectOptions{})
	return obj, l, err
}

// documentType is the file's type when it is a document a lesson takes.
func documentType(f *os.File, size int64) string {
	switch t := upload.Sniff(f, size); t {
	case "pdf", "docx", "pptx":
		return t
	}
	return ""
}
