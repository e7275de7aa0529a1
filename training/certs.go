package training

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Certificate is a 结业证书 as issued.
type Certificate struct {
	ID         int64      `json:"id"`
	Serial     string     `json:"serial"`
	ClassID    int64      `json:"class_id"`
	UserID     int64      `json:"user_id"`
	Holder     string     `json:"holder"`
	ClassName  string     `json:"class_name"`
	Organiser  string     `json:"organiser"`
	StartsOn   time.Time  `json:"starts_on"`
	EndsOn     time.Time  `json:"ends_on"`
	Hours      float64    `json:"hours"`
	IssuedAt   time.Time  `json:"issued_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	RevokedWhy string     `json:"revoked_why"`
}

// newSerial is 160 random bits in base32: unguessable, and easy to type
// from paper.
func newSerial() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source failing is not recoverable
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// issue writes the certificates of the given completers.
func (s *Service) issue(ctx context.Context, tx pgx.Tx, c *Class, userIDs []int64) (int, error) {
	if len(userIDs) == 0 {
		return 0, nil
	}
	names, err := s.People.Names(ctx, userIDs)
	if err != nil {
		return 0, err
	}
	holders, serials := make([]string, len(userIDs)), make([]string, len(userIDs))
	for i, id := range userIDs {
		holders[i], serials[i] = names[id], newSerial()
	}
	return insertCertificates(ctx, tx, c.ID, userIDs, holders, serials)
}

// Verify is the public check of a serial: what the certificate says and
// whether it stands. Anything else is "not found".
func (s *Service) Verify(ctx context.Context, serial string) (*Certificate, error) {
	serial = strings.ToUpper(strings.TrimSpace(serial))
	if len(serial) != 32 {
		return nil, apperr.NotFoundf("证书不存在")
	}
	return certBySerial(ctx, s.db, serial)
}

// MyCertificates lists the certificates of the signed-in person.
func (s *Service) MyCertificates(ctx context.Context, a *org.Actor) ([]Certificate, error) {
	return userCertificates(ctx, s.db, a.UserID)
}

// CertificateFor returns one certificate to its holder or the class's
// managers.
func (s *Service) CertificateFor(ctx context.Context, a *org.Actor, id int64) (*Certificate, error) {
	cert, err := certByID(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if cert.UserID == a.UserID && a.UserID != 0 {
		return cert, nil
	}
	if _, err := s.managed(ctx, a, cert.ClassID); err != nil {
		return nil, apperr.NotFoundf("证书不存在")
	}
	return cert, nil
}

// ClassCertificates streams a class's certificates to fn for its managers
// (the bulk ZIP), in serial order, without holding them all.
func (s *Service) ClassCertificates(ctx context.Context, a *org.Actor, classID int64, limit int, fn func(*Certificate) error) error {
	if _, err := s.managed(ctx, a, classID); err != nil {
		return err
	}
	return eachCertificate(ctx, s.db, classID, limit, fn)
}

// Correction is a head teacher's change of one person's result.
type Correction struct {
	Completed bool   `json:"completed"`
	Reason    string `json:"reason"`
}

// Correct changes one member's result of a closed class, with a recorded
// reason: to 结业 credits the hours and issues a certificate; to 未结业
// takes the hours back and revokes the certificate.
func (s *Service) Correct(ctx context.Context, a *org.Actor, classID, userID int64, in Correction) error {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return err
	}
	if in.Reason, err = cleanText("更正理由", in.Reason, 500, true); err != nil {
		return err
	}
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if c, err = lockClass(ctx, tx, classID); err != nil {
			return err
		}
		if c.State != StateClosed {
			return apperr.Conflictf("培训班尚未结班，无需更正结业结果")
		}
		// The same hours as at 结业: the class's less what its own courses
		// already credited, on the result, the ledger and the certificate.
		r := []Result{{UserID: userID, Completed: in.Completed}}
		if err := s.hoursOf(ctx, tx, c, r); err != nil {
			return err
		}
		if err := correctResult(ctx, tx, classID, userID, in, a.UserID, r[0].Hours); err != nil {
			return err
		}
		return s.applyCorrection(ctx, tx, c, r, in)
	})
}

func (s *Service) applyCorrection(ctx context.Context, tx pgx.Tx, c *Class, r []Result, in Correction) error {
	userID := r[0].UserID
	if !in.Completed {
		if err := s.Ledger.UncreditOther(ctx, tx, userID, KindTraining, c.ID); err != nil {
			return err
		}
		return revokeCertificate(ctx, tx, c.ID, userID, in.Reason)
	}
	if err := s.credit(ctx, tx, c, r); err != nil {
		return err
	}
	if err := unrevokeCertificate(ctx, tx, c.ID, userID); err != nil {
		return err
	}
	_, err := s.issue(ctx, tx, c, []int64{userID})
	return err
}
