package course

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/smtp"
	"net/url"
	"time"
)

// smtpTimeout bounds every exchange with the server, so that a server that
// stops answering ends the run instead of holding the job.
const smtpTimeout = 30 * time.Second

// smtpSession is one connection that carries a run's messages.
type smtpSession struct {
	conn net.Conn
	c    *smtp.Client
	stop func() bool
}

// dialSMTP connects, says hello, secures the connection as LMS_SMTP_TLS
// asks and logs in when a user is set. PLAIN auth happens only over TLS:
// with starttls, a server that does not offer STARTTLS is refused.
func dialSMTP(ctx context.Context, m MailSettings) (*smtpSession, error) {
	host, _, _ := net.SplitHostPort(m.Addr)
	d := &net.Dialer{Timeout: smtpTimeout}
	var conn net.Conn
	var err error
	if m.TLS == "tls" {
		conn, err = (&tls.Dialer{NetDialer: d, Config: &tls.Config{ServerName: host, RootCAs: m.roots}}).DialContext(ctx, "tcp", m.Addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", m.Addr)
	}
	if err != nil {
		return nil, err
	}
	s := &smtpSession{conn: conn, stop: context.AfterFunc(ctx, func() { conn.Close() })}
	if err := s.open(m, host); err != nil {
		s.stop()
		conn.Close()
		return nil, err
	}
	return s, nil
}

func (s *smtpSession) open(m MailSettings, host string) error {
	s.conn.SetDeadline(time.Now().Add(smtpTimeout))
	c, err := smtp.NewClient(s.conn, host)
	if err != nil {
		return err
	}
	s.c = c
	if err := c.Hello(heloName(m.BaseURL)); err != nil {
		return err
	}
	if m.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("smtp: the server does not offer STARTTLS (set LMS_SMTP_TLS=tls or none)")
		}
		if err := c.StartTLS(&tls.Config{ServerName: host, RootCAs: m.roots}); err != nil {
			return err
		}
	}
	if m.User == "" {
		return nil
	}
	if _, isTLS := c.TLSConnectionState(); !isTLS {
		return errors.New("smtp: refusing to send the password over a connection without TLS")
	}
	return c.Auth(smtp.PlainAuth("", m.User, m.Password, host))
}

// heloName is the site's host name, which is what the server sees us as.
func heloName(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

// send hands one message over. After a refusal the transaction is reset,
// so the connection carries the next message.
func (s *smtpSession) send(from, to string, msg []byte) error {
	s.conn.SetDeadline(time.Now().Add(smtpTimeout))
	err := s.transfer(from, to, msg)
	if err != nil {
		s.c.Reset()
	}
	return err
}

func (s *smtpSession) transfer(from, to string, msg []byte) error {
	if err := s.c.Mail(from); err != nil {
		return err
	}
	if err := s.c.Rcpt(to); err != nil {
		return err
	}
	w, err := s.c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func (s *smtpSession) close() {
	s.conn.SetDeadline(time.Now().Add(smtpTimeout))
	s.c.Quit()
	s.stop()
	s.conn.Close()
}
