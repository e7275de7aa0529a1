package training

import (
	"context"
	"errors"
	"io"
	"strings"

	"lms/certificate"
	"lms/org"
)

// VerifyPath is the public page that checks a serial.
const VerifyPath = "/certificates/verify/"

// VerifyURL is the absolute address printed in a certificate's QR code.
func (s *Service) VerifyURL(serial string) string {
	return strings.TrimRight(s.BaseURL, "/") + VerifyPath + serial
}

// WritePDF draws a certificate.
func (s *Service) WritePDF(w io.Writer, c *Certificate) error {
	if s.PDF == nil {
		return errors.New("training: no certificate renderer")
	}
	return s.PDF.Write(w, certificate.Data{Holder: c.Holder, ClassName: c.ClassName, Organiser: c.Organiser,
		StartsOn: c.StartsOn, EndsOn: c.EndsOn, Hours: c.Hours, Serial: c.Serial, VerifyURL: s.VerifyURL(c.Serial),
		Revoked: c.RevokedAt != nil})
}

// CertificatePDF draws one certificate for its holder or the managers.
func (s *Service) CertificatePDF(ctx context.Context, a *org.Actor, id int64, w io.Writer) (*Certificate, error) {
	c, err := s.CertificateFor(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return c, s.WritePDF(w, c)
}
