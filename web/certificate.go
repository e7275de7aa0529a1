package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/training"
)

// certificateRoutes: one's certificates, their PDFs, and the public
// verification of a serial (no login: the QR code on paper opens it).
func (s *Server) certificateRoutes(g *echo.Group) {
	g.GET("/certificates", s.apiMyCertificates, requireLogin)
	g.GET("/certificates/:id/pdf", s.certificatePDF, requireLogin)
	g.GET("/certificates/verify/:serial", s.apiVerify)
	s.e.GET(training.VerifyPath+":serial", s.verifyPage)
}

func (s *Server) apiMyCertificates(c echo.Context) error {
	list, err := s.Training.MyCertificates(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"certificates": list})
}

// certificatePDF renders into memory first, so a failure is an error
// page, not half a file.
func (s *Server) certificatePDF(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cert, err := s.Training.CertificatePDF(c.Request().Context(), actorOf(c), id, &buf)
	if err != nil {
		return err
	}
	attachment(c, "certificate-"+cert.Serial+".pdf", "结业证书-"+cert.Serial+".pdf")
	return c.Blob(http.StatusOK, "application/pdf", buf.Bytes())
}

// verified is what the public may know of a certificate: nothing but what
// is printed on it, and whether it stands.
type verified struct {
	Holder    string  `json:"holder"`
	ClassName string  `json:"class_name"`
	Organiser string  `json:"organiser"`
	StartsOn  string  `json:"starts_on"`
	EndsOn    string  `json:"ends_on"`
	Hours     float64 `json:"hours"`
	Valid     bool    `json:"valid"`
	Revoked   string  `json:"revoked,omitempty"`
}

func (s *Server) verify(c echo.Context) (*verified, error) {
	cert, err := s.Training.Verify(c.Request().Context(), c.Param("serial"))
	if err != nil {
		return nil, err
	}
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	v := &verified{Holder: cert.Holder, ClassName: cert.ClassName, Organiser: cert.Organiser,
		StartsOn: day(cert.StartsOn), EndsOn: day(cert.EndsOn), Hours: cert.Hours, Valid: cert.RevokedAt == nil}
	if cert.RevokedAt != nil {
		v.Revoked = cert.RevokedAt.In(chinaTZ).Format("2006-01-02")
	}
	return v, nil
}

func (s *Server) apiVerify(c echo.Context) error {
	v, err := s.verify(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) verifyPage(c echo.Context) error {
	v, err := s.verify(c)
	if apperr.Is(err, apperr.NotFound) {
		return s.render(c, http.StatusNotFound, "training_verify", map[string]any{"Found": false})
	}
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "training_verify", map[string]any{"Found": true, "Cert": v})
}

// certificatesZip streams a class's certificates as one ZIP: each PDF is
// drawn straight into the archive on the response, so memory stays that
// of one certificate however large the class. ?limit=N takes the first N.
func (s *Server) certificatesZip(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	limit, _ := parseLimit(c.QueryParam("limit"))
	ctx, a := c.Request().Context(), actorOf(c)
	var zw *zip.Writer
	err = s.Training.ClassCertificates(ctx, a, id, limit, func(cert *training.Certificate) error {
		if zw == nil {
			h := c.Response().Header()
			h.Set("Content-Type", "application/zip")
			h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"certificates-%d.zip\"", id))
			c.Response().WriteHeader(http.StatusOK)
			zw = zip.NewWriter(c.Response())
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: cert.Holder + "-" + cert.Serial + ".pdf", Method: zip.Store})
		if err != nil {
			return err
		}
		return s.Training.WritePDF(w, cert)
	})
	if zw == nil && err == nil {
		return apperr.NotFoundf("本班还没有结业证书")
	}
	if zw != nil {
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func parseLimit(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	var n int
	_, err := fmt.Sscan(v, &n)
	return max(n, 0), err
}
