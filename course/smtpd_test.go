package course

import (
	"bufio"
	"crypto/tls"
	"encoding/base64"
	"net"
	"strings"
	"sync"
	"testing"
)

// smtpd is a minimal SMTP server for tests: EHLO, MAIL, RCPT, DATA, RSET,
// QUIT; with a certificate also STARTTLS (or TLS from the start) and AUTH
// PLAIN. It keeps what it accepted; with refuseData set it answers DATA
// with 554, as a server that rejects the message does.
type smtpd struct {
	addr       string
	tls        *tls.Config // nil: plain SMTP only
	implicit   bool        // TLS from the first byte, as on port 465
	mu         sync.Mutex
	msgs       []smtpMsg
	logins     []string // "user:password" of each AUTH PLAIN
	refuseData bool
}

type smtpMsg struct {
	from string
	to   []string
	data string
	tls  bool // the message came over TLS
}

func startSMTPD(t *testing.T) *smtpd { return startSMTPDWith(t, &smtpd{}) }

func startSMTPDWith(t *testing.T, s *smtpd) *smtpd {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s.addr = ln.Addr().String()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpd) messages() []smtpMsg {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMsg(nil), s.msgs...)
}

func (s *smtpd) loginsSeen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.logins...)
}

func (s *smtpd) setRefuse(v bool) {
	s.mu.Lock()
	s.refuseData = v
	s.mu.Unlock()
}

func (s *smtpd) serve(conn net.Conn) {
	defer func() { conn.Close() }()
	if s.implicit {
		conn = tls.Server(conn, s.tls)
	}
	r, w := bufio.NewReader(conn), bufio.NewWriter(conn)
	reply := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	reply("220 test.local ESMTP")
	var cur smtpMsg
	for {
		_, secure := conn.(*tls.Conn)
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			s.ehlo(reply, secure)
		case cmd == "STARTTLS" && s.tls != nil && !secure:
			reply("220 go ahead")
			conn = tls.Server(conn, s.tls)
			r, w = bufio.NewReader(conn), bufio.NewWriter(conn)
		case strings.HasPrefix(cmd, "AUTH PLAIN ") && secure:
			s.login(strings.TrimSpace(line)[11:])
			reply("235 2.7.0 authenticated")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			cur = smtpMsg{from: strings.Trim(strings.TrimSpace(line)[10:], "<>"), tls: secure}
			reply("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			cur.to = append(cur.to, strings.Trim(strings.TrimSpace(line)[8:], "<>"))
			reply("250 ok")
		case cmd == "DATA":
			if !s.data(r, reply, cur) {
				return
			}
		case cmd == "RSET", cmd == "NOOP":
			reply("250 ok")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func (s *smtpd) ehlo(reply func(string), secure bool) {
	switch {
	case s.tls != nil && !secure:
		reply("250-test.local")
		reply("250 STARTTLS")
	case secure:
		reply("250-test.local")
		reply("250 AUTH PLAIN")
	default:
		reply("250 test.local")
	}
}

func (s *smtpd) login(b64 string) {
	raw, _ := base64.StdEncoding.DecodeString(b64)
	parts := strings.Split(string(raw), "\x00")
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(parts) == 3 {
		s.logins = append(s.logins, parts[1]+":"+parts[2])
	}
}

// data reads a message up to the lone dot and keeps it, or refuses DATA.
func (s *smtpd) data(r *bufio.Reader, reply func(string), cur smtpMsg) bool {
	s.mu.Lock()
	refuse := s.refuseData
	s.mu.Unlock()
	if refuse {
		reply("554 5.7.1 message refused")
		return true
	}
	reply("354 end with <CRLF>.<CRLF>")
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		if line == ".\r\n" {
			break
		}
		b.WriteString(strings.TrimPrefix(line, "."))
	}
	cur.data = b.String()
	s.mu.Lock()
	s.msgs = append(s.msgs, cur)
	s.mu.Unlock()
	reply("250 queued")
	return true
}
