package web

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/media"
)

// assetView is an asset as the API and the library's polling see it.
type assetView struct {
	*media.Asset
	StateLabel string `json:"state_label"`
}

func viewAsset(a *media.Asset) assetView {
	return assetView{Asset: a, StateLabel: media.StateLabel(a.State)}
}

func (s *Server) apiMediaList(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	list, more, err := s.Media.List(c.Request().Context(), media.ListFilter{OwnerID: actorOf(c).UserID, Page: page})
	if err != nil {
		return err
	}
	out := make([]assetView, len(list))
	for i := range list {
		out[i] = viewAsset(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"media": out, "more": more})
}

// apiMediaIngest takes a multipart form (title, then file) and streams the
// file part into the object store as it arrives: nothing is buffered.
func (s *Server) apiMediaIngest(c echo.Context) error {
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return apperr.Invalidf("请以 multipart/form-data 上传，文件字段名为 file")
	}
	title := ""
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return apperr.Invalidf("缺少文件字段 file")
		}
		if err != nil {
			return apperr.Invalidf("上传的表单不完整：%v", err)
		}
		switch part.FormName() {
		case "title":
			b, _ := io.ReadAll(io.LimitReader(part, 1000))
			title = string(b)
		case "file":
			a, err := s.Media.Ingest(c.Request().Context(), actorOf(c).UserID, title, part.FileName(), part)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, viewAsset(a))
		}
	}
}

func (s *Server) apiMediaGet(c echo.Context) error {
	a, _, err := s.playableAsset(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewAsset(a))
}

// apiMediaRename takes {"title": "…"}.
func (s *Server) apiMediaRename(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err != nil {
		return err
	}
	var in struct {
		Title string `json:"title"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if a, err = s.Media.Rename(c.Request().Context(), a.ID, in.Title); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewAsset(a))
}

func (s *Server) apiMediaDelete(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err != nil {
		return err
	}
	if err := s.Media.Delete(c.Request().Context(), a.ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMediaRetry(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err != nil {
		return err
	}
	if err := s.Media.Retry(c.Request().Context(), a.ID); err != nil {
		return err
	}
	a, err = s.Media.Asset(c.Request().Context(), a.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewAsset(a))
}

// apiSubtitlePut takes the subtitle file as the raw body (or a multipart
// field "file"), WebVTT or SRT.
func (s *Server) apiSubtitlePut(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err != nil {
		return err
	}
	data, err := subtitleBody(c)
	if err != nil {
		return err
	}
	sub, err := s.Media.AttachSubtitle(c.Request().Context(), a.ID, c.Param("lang"), c.QueryParam("label"), data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sub)
}

func subtitleBody(c echo.Context) ([]byte, error) {
	r := io.Reader(c.Request().Body)
	if fh, err := c.FormFile("file"); err == nil {
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, media.MaxSubtitleSize+1))
	if err != nil {
		return nil, apperr.Invalidf("读取字幕文件失败")
	}
	return data, nil
}

func (s *Server) apiSubtitleDelete(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err != nil {
		return err
	}
	if err := s.Media.DeleteSubtitle(c.Request().Context(), a.ID, c.Param("lang")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
