package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/training"
)

// claimRoutes: claims for offline 学时 and the caps on them.
func (s *Server) claimRoutes(g *echo.Group) {
	g.GET("/claims", s.apiMyClaims, requireLogin)
	g.POST("/claims", s.apiClaimSubmit, requireLogin)
	g.GET("/claims/pending", s.apiPendingClaims, requireLogin)
	g.POST("/claims/:id/decision", s.apiClaimDecide, requireLogin)
	g.GET("/claims/:id/files/:n", s.claimFile, requireLogin)
	g.GET("/claim-rules", s.apiClaimRules, requireLogin)
	g.PUT("/claim-rules/:kind", s.apiClaimRule, requireLogin)
}

func (s *Server) apiMyClaims(c echo.Context) error {
	list, err := s.Training.MyClaims(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"claims": list})
}

func (s *Server) apiPendingClaims(c echo.Context) error {
	list, err := s.Training.PendingClaims(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"claims": list})
}

// maxEvidenceFile bounds one evidence file.
const maxEvidenceFile = 20 << 20

// submitClaim reads a multipart claim (fields and "files") and files it.
func (s *Server) submitClaim(c echo.Context) (*training.Claim, error) {
	sessions, _ := strconv.Atoi(c.FormValue("sessions"))
	hours, err := strconv.ParseFloat(c.FormValue("hours"), 64)
	if err != nil {
		return nil, apperr.Invalidf("申报学时须为数字")
	}
	in := training.ClaimInput{Kind: c.FormValue("kind"), Title: c.FormValue("title"), Organiser: c.FormValue("organiser"),
		StartsOn: c.FormValue("starts_on"), EndsOn: c.FormValue("ends_on"), Sessions: sessions, Hours: hours}
	var files []training.Evidence
	if form, err := c.MultipartForm(); err == nil {
		for _, fh := range form.File["files"] {
			if fh.Size > maxEvidenceFile {
				return nil, apperr.Invalidf("证明材料“%s”过大（每个文件最大 20 MB）", fh.Filename)
			}
			f, err := fh.Open()
			if err != nil {
				return nil, err
			}
			defer f.Close()
			files = append(files, training.Evidence{Filename: fh.Filename, ContentType: fh.Header.Get("Content-Type"),
				Size: fh.Size, Body: f})
		}
	}
	return s.Training.SubmitClaim(c.Request().Context(), actorOf(c), in, files)
}

func (s *Server) apiClaimSubmit(c echo.Context) error {
	cl, err := s.submitClaim(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, cl)
}

func (s *Server) apiClaimDecide(c echo.Context) error {
	var d training.ClaimDecision
	return withBody(c, http.StatusOK, &d, func(ctx echoCtx, a actor, id int64) (any, error) {
		return s.Training.DecideClaim(ctx, a, id, d)
	})
}

func (s *Server) claimFile(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil {
		return apperr.NotFoundf("文件不存在")
	}
	body, f, err := s.Training.Evidence(c.Request().Context(), actorOf(c), id, n)
	if err != nil {
		return err
	}
	defer body.Close()
	h := c.Response().Header()
	attachment(c, "evidence", f.Filename)
	h.Set("Content-Type", "application/octet-stream")
	c.Response().WriteHeader(http.StatusOK)
	_, err = io.Copy(c.Response(), body)
	return err
}

func (s *Server) apiClaimRules(c echo.Context) error {
	list, err := s.Training.Rules(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"rules": list})
}

func (s *Server) apiClaimRule(c echo.Context) error {
	var in struct {
		Cap float64 `json:"cap"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.Training.SetRule(c.Request().Context(), actorOf(c), c.Param("kind"), in.Cap); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ok())
}
