package course

import (
	"net/mail"
	"strings"
	"testing"
	"time"
)

func TestMailSettingsCheck(t *testing.T) {
	t.Parallel()
	from := "党员教育平台 <noreply@example.com>"
	for _, tc := range []struct {
		m    MailSettings
		want string // part of the error; "" for none
	}{
		{MailSettings{}, ""},
		{MailSettings{Addr: "smtp.example.com:587", From: from, TLS: "starttls", User: "u", Password: "p"}, ""},
		{MailSettings{Addr: "smtp.example.com:465", From: from, TLS: "tls"}, ""},
		{MailSettings{Addr: "127.0.0.1:25", From: "noreply@example.com", TLS: "none"}, ""},
		{MailSettings{Addr: "smtp.example.com", From: from, TLS: "starttls"}, "LMS_SMTP_ADDR"},
		{MailSettings{Addr: "smtp.example.com:25", From: from, TLS: "ssl"}, "LMS_SMTP_TLS"},
		{MailSettings{Addr: "smtp.example.com:25", From: from, TLS: "none", User: "u"}, "in clear"},
		{MailSettings{Addr: "smtp.example.com:25", From: "", TLS: "starttls"}, "LMS_SMTP_FROM"},
		{MailSettings{Addr: "smtp.example.com:25", From: "平台", TLS: "starttls"}, "LMS_SMTP_FROM"},
	} {
		err := tc.m.Check()
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.m, err, tc.want)
		}
	}
}

// A title cannot add headers, and every header line is ASCII.
func TestComposeEmail(t *testing.T) {
	t.Parallel()
	p := pendingEmail{ID: 7, Title: "课程《学习\r\nBcc: x@evil.example》将于 05-01 截止", Link: "/courses/3",
		DisplayName: "张三\r\nX-Evil: 1", Email: "zhangsan@example.com"}
	m := MailSettings{From: "党员教育平台 <noreply@example.com>", BaseURL: "https://lms.example.com"}
	msg, from := composeEmail(p, m, time.Date(2026, 4, 28, 9, 0, 0, 0, time.UTC))
	if from != "noreply@example.com" {
		t.Errorf("envelope sender %q", from)
	}
	head := string(msg[:strings.Index(string(msg), "\r\n\r\n")])
	for _, line := range strings.Split(head, "\r\n") {
		if strings.HasPrefix(line, "Bcc") || strings.HasPrefix(line, "X-Evil") {
			t.Errorf("injected header %q", line)
		}
		for _, r := range line {
			if r > 127 {
				t.Fatalf("non-ASCII header %q", line)
			}
		}
	}
	parsed, err := mail.ReadMessage(strings.NewReader(string(msg)))
	if err != nil || parsed.Header.Get("Date") != "Tue, 28 Apr 2026 09:00:00 +0000" {
		t.Fatalf("%v %q", err, parsed.Header.Get("Date"))
	}
	for _, tc := range [][3]string{
		{"https://lms.example.com/", "/courses/3", "https://lms.example.com/courses/3"},
		{"https://lms.example.com/lms", "courses/3", "https://lms.example.com/lms/courses/3"},
		{"https://lms.example.com", "", "https://lms.example.com"},
		{"https://lms.example.com", "https://other.example.com/x", "https://other.example.com/x"},
	} {
		if got := absoluteLink(tc[0], tc[1]); got != tc[2] {
			t.Errorf("absoluteLink(%q, %q) = %q", tc[0], tc[1], got)
		}
	}
}
