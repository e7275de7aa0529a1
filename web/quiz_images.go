package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
)

// Pictures in question stems live in the object store under quiz/images/;
// the editor uploads one and inserts an <img> pointing at /quiz/images/NAME.

const maxQuizImage = 5 << 20

var imageTypes = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}

var imageName = regexp.MustCompile(`^[0-9a-f]{32}\.(png|jpg|gif|webp)$`)

func (s *Server) quizImageUpload(c echo.Context) error {
	if !s.viewer(c).CanBuild() {
		return apperr.Forbiddenf("只有讲师或管理员可以上传题目图片")
	}
	if s.Store == nil {
		return apperr.New(apperr.Conflict, "no_store", "对象存储未配置，无法上传图片")
	}
	fh, err := c.FormFile("image")
	if err != nil {
		return apperr.Invalidf("请选择图片")
	}
	if fh.Size > maxQuizImage {
		return apperr.Invalidf("图片过大（最大 5 MB）")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxQuizImage+1))
	if err != nil {
		return err
	}
	ctype := http.DetectContentType(data)
	ext, ok := imageTypes[ctype]
	if !ok || len(data) > maxQuizImage {
		return apperr.Invalidf("只能上传 PNG、JPEG、GIF 或 WebP 图片")
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	name := hex.EncodeToString(b) + ext
	_, err = s.Store.Client.PutObject(c.Request().Context(), s.Store.Bucket, "quiz/images/"+name,
		bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{ContentType: ctype})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"url": "/quiz/images/" + name})
}

// quizImage serves a stem picture to any signed-in user; names are random
// and never change, so browsers may keep them.
func (s *Server) quizImage(c echo.Context) error {
	name := c.Param("name")
	if !imageName.MatchString(name) || s.Store == nil {
		return echo.ErrNotFound
	}
	obj, err := s.Store.Client.GetObject(c.Request().Context(), s.Store.Bucket, "quiz/images/"+name, minio.GetObjectOptions{})
	if err != nil {
		return err
	}
	defer obj.Close()
	info, err := obj.Stat()
	if err != nil {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	return c.Stream(http.StatusOK, info.ContentType, obj)
}
