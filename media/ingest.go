package media

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Ingest stores a file sent in one request (scripts: POST /api/v1/media)
// straight into the object store, 16 MiB at a time, so neither memory nor
// the app's disk holds the file; then it creates the asset and its job.
func (s *Service) Ingest(ctx context.Context, ownerID int64, title, filename string, r io.Reader) (*Asset, error) {
	in := NewUpload{Title: title, Filename: filename, Size: 1}
	if err := s.checkNew(&in); err != nil {
		return nil, err
	}
	id, err := reserveAssetID(ctx, s.db)
	if err != nil {
		return nil, err
	}
	lim := &io.LimitedReader{R: r, N: s.Limits.MaxSize + 1}
	info, err := s.store.Client.PutObject(ctx, s.store.Bucket, sourceKey(id), lim, -1,
		minio.PutObjectOptions{PartSize: PartSize, ContentType: "application/octet-stream"})
	if err != nil {
		return nil, storeDown(err)
	}
	if err := checkIngested(info.Size, s.Limits.MaxSize); err != nil {
		_ = s.store.Client.RemoveObject(context.WithoutCancel(ctx), s.store.Bucket, sourceKey(id), minio.RemoveObjectOptions{})
		return nil, err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		return s.createAsset(ctx, tx, id, ownerID, in.Title, in.Filename, info.Size)
	})
	if err != nil {
		return nil, err
	}
	return getAsset(ctx, s.db, id)
}

func checkIngested(size, maxSize int64) error {
	switch {
	case size == 0:
		return apperr.Invalidf("文件为空（0 字节），请选择录制好的音视频文件")
	case size > maxSize:
		return apperr.New(apperr.Invalid, "too_large", "文件超过大小上限 %s", humanSize(maxSize))
	}
	return nil
}
