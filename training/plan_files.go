package training

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/upload"
	"lms/org"
)

// Limits on a plan's files.
const (
	MaxPlanFiles     = 10
	MaxPlanFileBytes = 20 << 20
)

// PlanMIME gives the content type a plan file is served with, by the kind
// its content shows (never its name).
var PlanMIME = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"png":  "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
}

// PlanFile is one file of a class's plan.
type PlanFile struct {
	ID        int64  `json:"id"`
	ClassID   int64  `json:"class_id"`
	Filename  string `json:"filename"`
	Kind      string `json:"kind"`
	Size      int64  `json:"size"`
	ObjectKey string `json:"-"`
}

// AddPlanFile stores a file with the plan of a class the actor runs.
func (s *Service) AddPlanFile(ctx context.Context, a *org.Actor, classID int64, name string, r io.Reader) (*PlanFile, error) {
	if _, err := s.managed(ctx, a, classID); err != nil {
		return nil, err
	}
	if s.Store == nil {
		return nil, apperr.New(apperr.Unavailable, "unavailable", "文件存储不可用，请稍后再试")
	}
	tmp, size, err := upload.Spool(r, MaxPlanFileBytes, fmt.Sprintf("附件须为 1 字节到 %d MB", MaxPlanFileBytes>>20))
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	kind := upload.Sniff(tmp, size)
	if PlanMIME[kind] == "" {
		return nil, apperr.Invalidf("培训方案的附件只支持 PDF、DOCX 或图片（PNG、JPEG、GIF、WebP）")
	}
	if n, err := countPlanFiles(ctx, s.db, classID); err != nil {
		return nil, err
	} else if n >= MaxPlanFiles {
		return nil, apperr.Invalidf("培训方案最多 %d 个附件", MaxPlanFiles)
	}
	f := &PlanFile{ClassID: classID, Filename: upload.CleanName(name, "附件."+kind), Kind: kind, Size: size,
		ObjectKey: fmt.Sprintf("training/plans/%d/%s.%s", classID, randomHex(12), kind)}
	if _, err := s.Store.Client.PutObject(ctx, s.Store.Bucket, f.ObjectKey, io.NewSectionReader(tmp, 0, size), size,
		minio.PutObjectOptions{ContentType: PlanMIME[kind]}); err != nil {
		return nil, err
	}
	if err := insertPlanFile(ctx, s.db, f); err != nil {
		_ = s.Store.Client.RemoveObject(ctx, s.Store.Bucket, f.ObjectKey, minio.RemoveObjectOptions{})
		return nil, err
	}
	return f, nil
}

// PlanFiles lists the plan's files of a class the actor may see.
func (s *Service) PlanFiles(ctx context.Context, a *org.Actor, classID int64) ([]PlanFile, error) {
	if _, _, err := s.Class(ctx, a, classID); err != nil {
		return nil, err
	}
	return planFiles(ctx, s.db, classID)
}

// OpenPlanFile opens one file of the plan for whoever may see the class.
func (s *Service) OpenPlanFile(ctx context.Context, a *org.Actor, classID, fileID int64) (io.ReadCloser, *PlanFile, error) {
	if _, _, err := s.Class(ctx, a, classID); err != nil {
		return nil, nil, err
	}
	f, err := planFile(ctx, s.db, classID, fileID)
	if err != nil {
		return nil, nil, err
	}
	obj, err := s.Store.Client.GetObject(ctx, s.Store.Bucket, f.ObjectKey, minio.GetObjectOptions{})
	return obj, f, err
}

// RemovePlanFile deletes a file of the plan of a class the actor runs.
func (s *Service) RemovePlanFile(ctx context.Context, a *org.Actor, classID, fileID int64) error {
	if _, err := s.managed(ctx, a, classID); err != nil {
		return err
	}
	f, err := deletePlanFile(ctx, s.db, classID, fileID)
	if err != nil {
		return err
	}
	_ = s.Store.Client.RemoveObject(ctx, s.Store.Bucket, f.ObjectKey, minio.RemoveObjectOptions{})
	return nil
}
