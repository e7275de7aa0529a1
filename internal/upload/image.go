// Package upload holds the rules for pictures people upload (course
// covers, pictures in question stems): how large, which types, told by
// content rather than by name.
package upload

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/objstore"
)

// MaxImageBytes bounds an uploaded picture.
const MaxImageBytes = 5 << 20

// imageTypes are the picture types accepted, by detected content type,
// with the file extension they are stored under.
var imageTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}

// Image is an uploaded picture read into memory.
type Image struct {
	Data []byte
	Type string // detected content type
	Ext  string // without the dot
}

// ReadImage reads a picture of at most MaxImageBytes and tells its type by
// its content. what names the picture in the messages ("封面", "题目图片").
func ReadImage(r io.Reader, what string) (*Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil {
		return nil, apperr.Invalidf("上传中断，请重试")
	}
	if len(data) == 0 {
		return nil, apperr.Invalidf("请选择%s", what)
	}
	if len(data) > MaxImageBytes {
		return nil, apperr.Invalidf("%s须小于 5 MB", what)
	}
	ctype := http.DetectContentType(data)
	ext, ok := imageTypes[ctype]
	if !ok {
		return nil, apperr.Invalidf("%s须为 PNG、JPEG、GIF 或 WebP 图片", what)
	}
	return &Image{Data: data, Type: ctype, Ext: ext}, nil
}

// Put stores the picture under key.
func (img *Image) Put(ctx context.Context, st *objstore.Store, key string) error {
	_, err := st.Client.PutObject(ctx, st.Bucket, key, bytes.NewReader(img.Data), int64(len(img.Data)),
		minio.PutObjectOptions{ContentType: img.Type})
	return err
}

// RandomName is n random bytes in hex, for object names nobody can guess.
func RandomName(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
