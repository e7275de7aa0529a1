package course

import (
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"

	"lms/org"
)

const learnerEmail = "zhang.xueyuan@example.com"

// mailFixture: a course due in two days for 第一党支部, where only
// demo_learner has an email address, and a test SMTP server.
func mailFixture(t *testing.T) (*fixture, *smtpd, *Course) {
	f := newFixture(t)
	srv := startSMTPD(t)
	f.svc.Mail = MailSettings{Addr: srv.addr, From: "党员教育平台 <noreply@example.com>", TLS: "none",
		BaseURL: "https://lms.example.com/"}
	email := learnerEmail
	_, err := f.org.UpdateUser(f.ctx, f.actor("demo_admin"), f.actor("demo_learner").UserID, org.UserPatch{Email: &email})
	must(t, err)
	c, _, _ := f.course(2)
	_, err = f.svc.db.Exec(f.ctx, `UPDATE enrollments SET due_at = now() + interval '2 days' WHERE course_id = $1`, c.ID)
	must(t, err)
	return f, srv, c
}

func (f *fixture) runReminders() {
	f.t.Helper()
	must(f.t, (&RemindWorker{Service: f.svc}).Work(f.ctx, nil))
}

// emailState counts the learner's due-soon notifications, unread and emailed.
func (f *fixture) emailState(username string) (unread, emailed, tries int) {
	f.t.Helper()
	err := f.svc.db.QueryRow(f.ctx, `SELECT count(*) FILTER (WHERE read_at IS NULL), count(emailed_at),
		coalesce(sum(email_tries), 0) FROM notifications n JOIN org_member_names m ON m.user_id = n.user_id
		WHERE m.username = $1 AND n.kind = 'due_soon'`, username).Scan(&unread, &emailed, &tries)
	must(f.t, err)
	return unread, emailed, tries
}

func TestReminderEmail(t *testing.T) {
	f, srv, c := mailFixture(t)
	f.runReminders()
	msgs := srv.messages()
	if len(msgs) != 1 || len(msgs[0].to) != 1 || msgs[0].to[0] != learnerEmail || msgs[0].from != "noreply@example.com" {
		t.Fatalf("messages: %+v", msgs)
	}
	list, _, err := f.svc.Notifications(f.ctx, f.actor("demo_learner"), 10)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("notifications %+v", list)
	}
	m, err := mail.ReadMessage(strings.NewReader(msgs[0].data))
	must(t, err)
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != list[0].Title || !strings.Contains(subject, "学习贯彻党的二十大精神") {
		t.Errorf("subject %q (%v), want %q", subject, err, list[0].Title)
	}
	if _, err := mail.ParseDate(m.Header.Get("Date")); err != nil || !strings.HasSuffix(m.Header.Get("Message-ID"), "@example.com>") {
		t.Errorf("date %q message-id %q", m.Header.Get("Date"), m.Header.Get("Message-ID"))
	}
	if to, err := mail.ParseAddress(m.Header.Get("To")); err != nil || to.Name != "张学员" || to.Address != learnerEmail {
		t.Errorf("to %+v %v", to, err)
	}
	raw, _ := io.ReadAll(m.Body)
	body, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", ""))
	must(t, err)
	for _, want := range []string{"张学员，您好", fmt.Sprintf("https://lms.example.com/courses/%d", c.ID), "截止"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if _, emailed, _ := f.emailState("demo_learner"); emailed != 1 {
		t.Errorf("emailed_at set on %d notifications, want 1", emailed)
	}
	// hb1_01 has no address: the bell tells them, no mail does.
	if unread, emailed, _ := f.emailState("hb1_01"); unread != 1 || emailed != 0 {
		t.Errorf("hb1_01: %d unread, %d emailed", unread, emailed)
	}
	f.runReminders()
	if n := len(srv.messages()); n != 1 {
		t.Errorf("a second run sent again: %d messages", n)
	}
}

// A server that refuses the message, or none at all, fails neither the
// job nor the bell; the mail goes out once the server takes it.
func TestReminderEmailRefused(t *testing.T) {
	f, srv, _ := mailFixture(t)
	srv.setRefuse(true)
	f.runReminders()
	if unread, emailed, tries := f.emailState("demo_learner"); unread != 1 || emailed != 0 || tries != 1 || len(srv.messages()) != 0 {
		t.Fatalf("after 554: %d unread, %d emailed, %d tries, %d messages", unread, emailed, tries, len(srv.messages()))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	good := f.svc.Mail.Addr
	f.svc.Mail.Addr = ln.Addr().String()
	ln.Close()
	f.runReminders()
	if unread, emailed, _ := f.emailState("demo_learner"); unread != 1 || emailed != 0 {
		t.Fatalf("no server: %d unread, %d emailed", unread, emailed)
	}
	srv.setRefuse(false)
	f.svc.Mail.Addr = good
	f.runReminders()
	if _, emailed, _ := f.emailState("demo_learner"); emailed != 1 || len(srv.messages()) != 1 {
		t.Fatalf("after recovery: %d emailed, %d messages", emailed, len(srv.messages()))
	}
}

// With LMS_SMTP_TLS=starttls, a server that does not offer STARTTLS gets
// nothing: the mail waits rather than travel in clear.
func TestReminderEmailNeedsStartTLS(t *testing.T) {
	f, srv, _ := mailFixture(t)
	f.svc.Mail.TLS = "starttls"
	f.runReminders()
	if unread, emailed, tries := f.emailState("demo_learner"); unread != 1 || emailed != 0 || tries != 0 || len(srv.messages()) != 0 {
		t.Fatalf("%d unread, %d emailed, %d tries, %d messages", unread, emailed, tries, len(srv.messages()))
	}
}
