package scorm

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"path"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Import checks a trainer's zip, stores its files under a fresh prefix
// and makes its organisation the lesson's outline. A new version replaces
// the old one; the learners' records of items it keeps stay.
func (s *Service) Import(ctx context.Context, a *org.Actor, lessonID int64, r io.ReaderAt, size int64, rule string) (*PackageView, error) {
	l, err := s.Lessons.EditLesson(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	if l.Kind != "scorm" {
		return nil, apperr.Invalidf("只有 SCORM 课件类型的课时可以上传课件包")
	}
	if rule == "" {
		rule = "completed"
	}
	if rule != "completed" && rule != "passed" {
		return nil, apperr.Invalidf("完成条件须为 completed 或 passed")
	}
	pkg, err := Check(r, size, s.Limits)
	if err != nil {
		return nil, err
	}
	prefix := newPrefix(lessonID)
	if err := s.upload(ctx, prefix, pkg); err != nil {
		s.removePrefix(prefix)
		return nil, err
	}
	old, err := s.replace(ctx, lessonID, prefix, rule, pkg)
	if err != nil {
		s.removePrefix(prefix)
		return nil, err
	}
	if old != "" {
		s.removePrefix(old)
	}
	return s.Package(ctx, a, lessonID)
}

func (s *Service) upload(ctx context.Context, prefix string, pkg *Package) error {
	for _, f := range pkg.Files {
		data, err := readLimited(f, s.Limits.FileSize)
		if err != nil {
			return err
		}
		name := path.Clean(f.Name)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		if _, err := s.store.Client.PutObject(ctx, s.store.Bucket, prefix+name, bytes.NewReader(data),
			int64(len(data)), minio.PutObjectOptions{ContentType: ct}); err != nil {
			return err
		}
	}
	return nil
}

// replace writes the package and its items in one transaction and
// returns the prefix of the files it replaced.
func (s *Service) replace(ctx context.Context, lessonID int64, prefix, rule string, pkg *Package) (string, error) {
	m := pkg.Manifest
	var old string
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if p, err := getPackage(ctx, tx, lessonID); err == nil {
			old = p.Prefix
		}
		row := PackageRow{LessonID: lessonID, Version: m.Version, Edition: m.Edition, Title: m.Title, Prefix: prefix,
			Size: pkg.Size, FileCount: len(pkg.Files), Rule: rule, Choice: m.Choice, Flow: m.Flow}
		if err := savePackage(ctx, tx, row); err != nil {
			return err
		}
		return saveItems(ctx, tx, lessonID, m.Items)
	})
	return old, err
}

// removePrefix deletes stored files in the background of the request: a
// failure leaves unreachable objects, never a broken lesson.
func (s *Service) removePrefix(prefix string) {
	ctx := context.Background()
	objs := s.store.Client.ListObjects(ctx, s.store.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true})
	for e := range s.store.Client.RemoveObjects(ctx, s.store.Bucket, objs, minio.RemoveObjectsOptions{}) {
		slog.Warn("scorm: removing old package files", "prefix", prefix, "err", e.Err)
	}
}

// File is one file of a package, opened for a learner or trainer.
type File struct {
	Body        io.ReadCloser
	Size        int64
	ContentType string
}

// Open opens a package file for someone who may study the lesson.
func (s *Service) Open(ctx context.Context, a *org.Actor, lessonID int64, name string) (*File, error) {
	p, _, err := s.studyable(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	name = path.Clean("/" + name)[1:]
	if name == "" {
		return nil, apperr.NotFoundf("文件不存在")
	}
	obj, err := s.store.Client.GetObject(ctx, s.store.Bucket, p.Prefix+name, minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, apperr.NotFoundf("课件包中没有文件“%s”", name)
		}
		return nil, err
	}
	return &File{Body: obj, Size: info.Size, ContentType: info.ContentType}, nil
}
