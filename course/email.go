package course

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// MailSettings say how notifications also go out by email. An empty Addr
// sends none: the bell alone tells learners.
type MailSettings struct {
	Addr     string // host:port of the SMTP server
	User     string // empty: the server takes mail without logging in
	Password string
	From     string         // e.g. "党员教育平台 <noreply@example.com>"
	TLS      string         // starttls (default), tls or none
	BaseURL  string         // links in a mail are made absolute with it
	roots    *x509.CertPool // nil: the system's; tests trust their own server
}

// emailBatch bounds one run, so that a backlog drains over several runs
// instead of holding one job for an hour; emailMaxTries bounds how often an
// address the server refuses is tried again.
const (
	emailBatch    = 500
	emailMaxTries = 3
)

// Check says what is wrong with the settings, naming the variable at fault.
func (m MailSettings) Check() error {
	if m.Addr == "" {
		return nil
	}
	if _, port, err := net.SplitHostPort(m.Addr); err != nil || port == "" {
		return fmt.Errorf("LMS_SMTP_ADDR must be host:port such as smtp.example.com:587, not %q", m.Addr)
	}
	switch m.TLS {
	case "starttls", "tls":
	case "none":
		if m.User != "" {
			return errors.New("LMS_SMTP_USER needs LMS_SMTP_TLS=starttls or tls: a password is never sent in clear")
		}
	default:
		return fmt.Errorf("LMS_SMTP_TLS must be starttls, tls or none, not %q", m.TLS)
	}
	if a, err := mail.ParseAddress(m.From); err != nil || a.Address == "" {
		return fmt.Errorf("LMS_SMTP_FROM must be an address such as \"党员教育平台 <noreply@example.com>\", not %q", m.From)
	}
	return nil
}

// sendEmails mails the notifications that are not yet emailed. It runs after
// the reminders committed, and never fails the job: the bell already holds
// every notification, and what could not be sent is tried on the next run.
func (s *Service) sendEmails(ctx context.Context) {
	if s.Mail.Addr == "" {
		return
	}
	sent, err := s.mailPending(ctx)
	if err != nil {
		slog.WarnContext(ctx, "reminder emails", "sent", sent, "err", err)
	} else if sent > 0 {
		slog.InfoContext(ctx, "reminder emails", "sent", sent)
	}
}

func (s *Service) mailPending(ctx context.Context) (int, error) {
	list, err := pendingEmails(ctx, s.db, emailBatch, emailMaxTries)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	sess, err := dialSMTP(ctx, s.Mail)
	if err != nil {
		return 0, err
	}
	defer sess.close()
	sent := 0
	for _, p := range list {
		ok, err := s.mailOne(ctx, sess, p)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// mailOne sends one notification while holding its row, and marks it only
// once the server accepted it. A refusal for good (5xx) counts a try and
// moves on; anything else stops the run.
func (s *Service) mailOne(ctx context.Context, sess *smtpSession, p pendingEmail) (bool, error) {
	sent := false
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		claimed, err := claimEmail(ctx, tx, p.ID)
		if err != nil || !claimed {
			return err
		}
		msg, from := composeEmail(p, s.Mail, s.now())
		err = sess.send(from, p.Email, msg)
		var refused *textproto.Error
		if errors.As(err, &refused) && refused.Code >= 500 {
			slog.WarnContext(ctx, "reminder email refused", "notification", p.ID, "err", err)
			return countEmailTry(ctx, tx, p.ID)
		}
		if err != nil {
			return err
		}
		sent = true
		return markEmailed(ctx, tx, p.ID)
	})
	return sent, err
}

// absoluteLink turns a path of the site into a URL a mail reader can open.
func absoluteLink(base, link string) string {
	base = strings.TrimRight(base, "/")
	if u, err := url.Parse(link); err == nil && u.IsAbs() {
		return link
	}
	if link != "" && !strings.HasPrefix(link, "/") {
		link = "/" + link
	}
	return base + link
}
