package quiz

import (
	"context"
	"io"
	"regexp"

	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/upload"
)

// Pictures in question stems live in the object store under quiz/images/
// by a random name; the editor uploads one and inserts an <img> pointing
// at /quiz/images/NAME.
const imagePrefix = "quiz/images/"

var imageName = regexp.MustCompile(`^[0-9a-f]{32}\.(png|jpg|gif|webp)$`)

// MayUploadImage: trainers and admins add pictures to questions, where the
// object store is configured.
func (s *Service) MayUploadImage(v Viewer) error {
	if !v.CanBuild() {
		return apperr.Forbiddenf("只有讲师或管理员可以上传题目图片")
	}
	if s.Store == nil {
		return apperr.New(apperr.Conflict, "no_store", "对象存储未配置，无法上传图片")
	}
	return nil
}

// UploadImage stores a stem picture and returns its name.
func (s *Service) UploadImage(ctx context.Context, v Viewer, r io.Reader) (string, error) {
	if err := s.MayUploadImage(v); err != nil {
		return "", err
	}
	img, err := upload.ReadImage(r, "题目图片")
	if err != nil {
		return "", err
	}
	name := upload.RandomName(16) + "." + img.Ext
	return name, img.Put(ctx, s.Store, imagePrefix+name)
}

// StemImage is a stored stem picture, open for reading.
type StemImage struct {
	io.ReadCloser
	ContentType string
}

// Image opens a stem picture by name. Any signed-in user may read one
// (the names cannot be guessed); a name that is not one is not found.
func (s *Service) Image(ctx context.Context, name string) (*StemImage, error) {
	if !imageName.MatchString(name) || s.Store == nil {
		return nil, apperr.NotFoundf("图片不存在")
	}
	obj, err := s.Store.Client.GetObject(ctx, s.Store.Bucket, imagePrefix+name, minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, apperr.NotFoundf("图片不存在")
	}
	return &StemImage{ReadCloser: obj, ContentType: info.ContentType}, nil
}
