package course

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// MaxCoverBytes bounds a course's cover image.
const MaxCoverBytes = 5 << 20

var coverTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}

// UploadCover stores a course's cover image; the type is told by content.
func (s *Service) UploadCover(ctx context.Context, a *org.Actor, courseID int64, r io.Reader) (*Course, error) {
	c, err := s.editable(ctx, s.db, a, courseID)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxCoverBytes+1))
	if err != nil {
		return nil, apperr.Invalidf("上传中断，请重试")
	}
	if len(data) == 0 || len(data) > MaxCoverBytes {
		return nil, apperr.Invalidf("封面图片须小于 5 MB")
	}
	mime := http.DetectContentType(data)
	ext, ok := coverTypes[mime]
	if !ok {
		return nil, apperr.Invalidf("封面须为 PNG、JPEG、WebP 或 GIF 图片")
	}
	key := fmt.Sprintf("courses/%d/cover-%s.%s", courseID, randomHex(6), ext)
	if _, err := s.Store.Client.PutObject(ctx, s.Store.Bucket, key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: mime}); err != nil {
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
