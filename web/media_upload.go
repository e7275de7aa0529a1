package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/media"
)

// uploadRoutes: the browser's resumable upload, as S3 multipart parts. See
// media.Service.PartURL for why parts go to presigned URLs or the app.
func (s *Server) uploadRoutes(g *echo.Group) {
	g.POST("", s.apiUploadStart)
	g.GET("", s.apiUploadList)
	g.GET("/:uid", s.apiUploadStatus)
	g.POST("/:uid/parts/:n", s.apiUploadPartURL)
	g.PUT("/:uid/parts/:n", s.apiUploadPart)
	g.POST("/:uid/complete", s.apiUploadComplete)
	g.DELETE("/:uid", s.apiUploadAbort)
}

// uploadView tells the browser how to cut the file and what is done.
type uploadView struct {
	*media.Upload
	Parts int   `json:"parts"`
	Done  []int `json:"done"`
}

func (s *Server) apiUploadStart(c echo.Context) error {
	var in media.NewUpload
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Media.StartUpload(c.Request().Context(), actorOf(c).UserID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, uploadView{Upload: u, Parts: u.Parts(), Done: []int{}})
}

func (s *Server) apiUploadList(c echo.Context) error {
	list, err := s.Media.Uploads(c.Request().Context(), actorOf(c).UserID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"uploads": list})
}

func (s *Server) uploadParam(c echo.Context) (*media.Upload, error) {
	id, err := idParam(c, "uid")
	if err != nil {
		return nil, apperr.NotFoundf("上传不存在")
	}
	return s.Media.Upload(c.Request().Context(), actorOf(c).UserID, id)
}

// apiUploadStatus answers a resuming browser: the parts already stored.
func (s *Server) apiUploadStatus(c echo.Context) error {
	u, err := s.uploadParam(c)
	if err != nil {
		return err
	}
	done, err := s.Media.DoneParts(c.Request().Context(), u)
	if err != nil {
		return err
	}
	if done == nil {
		done = []int{}
	}
	return c.JSON(http.StatusOK, uploadView{Upload: u, Parts: u.Parts(), Done: done})
}

// apiUploadPartURL says where to PUT part n: a presigned object-store URL
// in redirect delivery, else this app.
func (s *Server) apiUploadPartURL(c echo.Context) error {
	u, err := s.uploadParam(c)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(c.Param("n"))
	direct := s.Media.Delivery == media.DeliveryRedirect
	link, err := s.Media.PartURL(c.Request().Context(), u, n, direct)
	if err != nil {
		return err
	}
	if link == "" {
		link = c.Request().URL.Path
	}
	return c.JSON(http.StatusOK, map[string]any{"url": link, "method": "PUT", "size": u.PartLen(n), "direct": direct})
}

// apiUploadPart streams one part's body into the object store.
func (s *Server) apiUploadPart(c echo.Context) error {
	u, err := s.uploadParam(c)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(c.Param("n"))
	r := c.Request()
	if err := s.Media.PutPart(r.Context(), u, n, r.Body, r.ContentLength); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiUploadComplete(c echo.Context) error {
	u, err := s.uploadParam(c)
	if err != nil {
		return err
	}
	a, err := s.Media.CompleteUpload(c.Request().Context(), u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, viewAsset(a))
}

func (s *Server) apiUploadAbort(c echo.Context) error {
	u, err := s.uploadParam(c)
	if err != nil {
		return err
	}
	if err := s.Media.AbortUpload(c.Request().Context(), u); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
