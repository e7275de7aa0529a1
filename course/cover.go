package course

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/internal/upload"
	"lms/org"
)

// UploadCover stores a course's cover image; the type is told by content.
func (s *Service) UploadCover(ctx context.Context, a *org.Actor, courseID int64, r io.Reader) (*Course, error) {
	c, err := s.editable(ctx, s.db, a, courseID)
	if err != nil {
		return nil, err
	}
	img, err := upload.ReadImage(r, "封面")
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("courses/%d/cover-%s.%s", courseID, upload.RandomName(6), img.Ext)
	if err := img.Put(ctx, s.Store, key); err != nil {
		return nil, err
	}
	if err := setCover(ctx, s.db, courseID, key); err != nil {
		return nil, err
	}
	if c.CoverKey != "" {
		_ = s.Store.Client.RemoveObject(ctx, s.Store.Bucket, c.CoverKey, minio.RemoveObjectOptions{})
	}
	return getCourse(ctx, s.db, courseID)
}

// Cover opens a course's cover image for anyone who may see the course.
func (s *Service) Cover(ctx context.Context, a *org.Actor, courseID int64) (*minio.Object, error) {
	c, err := s.Course(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if c.CoverKey == "" {
		return nil, apperr.NotFoundf("课程没有封面")
	}
	return s.Store.Client.GetObject(ctx, s.Store.Bucket, c.CoverKey, minio.GetObjectOptions{})
}

// SetOwners replaces a course's trainers; the editor keeps at least one.
func (s *Service) SetOwners(ctx context.Context, a *org.Actor, courseID int64, userIDs []int64) (*Course, error) {
	if len(userIDs) == 0 || len(userIDs) > 20 {
		return nil, apperr.Invalidf("课程须有 1 到 20 名讲师")
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.editable(ctx, tx, a, courseID); err != nil {
			return err
		}
		paths, err := memberPaths(ctx, tx, userIDs)
		if err != nil {
			return err
		}
		for _, id := range userIDs {
			if _, ok := paths[id]; !ok {
				return apperr.NotFoundf("用户 %d 不存在", id)
			}
		}
		if err := replaceOwners(ctx, tx, courseID, userIDs); err != nil {
			return err
		}
		return s.changed(ctx, tx, "course", courseID)
	})
	if err != nil {
		return nil, err
	}
	return getCourse(ctx, s.db, courseID)
}
