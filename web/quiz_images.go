package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
)

// quizImageUpload stores a picture for a question stem (quiz.UploadImage)
// and answers the URL the editor inserts.
func (s *Server) quizImageUpload(c echo.Context) error {
	v := s.viewer(c)
	if err := s.Quiz.MayUploadImage(v); err != nil {
		return err
	}
	fh, err := c.FormFile("image")
	if err != nil {
		return apperr.Invalidf("请选择图片")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	name, err := s.Quiz.UploadImage(c.Request().Context(), v, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"url": "/quiz/images/" + name})
}

// quizImage serves a stem picture to any signed-in user; names are random
// and never change, so browsers may keep them.
func (s *Server) quizImage(c echo.Context) error {
	img, err := s.Quiz.Image(c.Request().Context(), c.Param("name"))
	if apperr.Is(err, apperr.NotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer img.Close()
	c.Response().Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	return c.Stream(http.StatusOK, img.ContentType, img)
}
