package course

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"time"
)

// composeEmail writes the Chinese mail of a notification: the subject is its
// title, the body greets the person and gives the absolute link. It returns
// the message and the envelope sender.
func composeEmail(p pendingEmail, m MailSettings, now time.Time) ([]byte, string) {
	from, _ := mail.ParseAddress(m.From) // checked when the settings were loaded
	body := fmt.Sprintf("%s，您好：\r\n\r\n%s。\r\n\r\n请登录平台查看：%s\r\n\r\n本邮件由系统自动发送，请勿直接回复。\r\n",
		p.DisplayName, strings.TrimRight(p.Title, "。"), absoluteLink(m.BaseURL, p.Link))
	to := mail.Address{Name: p.DisplayName, Address: p.Email}
	return buildMessage(from, &to, p.Title, body, messageID(p.ID, from.Address), now), from.Address
}

// buildMessage lays out an RFC 5322 message. Headers carry only ASCII
// (names and subject are RFC 2047 encoded, so no CR or LF of a course title
// can start a header of its own); the UTF-8 body goes as base64, which
// every server relays whether or not it speaks 8BITMIME.
func buildMessage(from, to *mail.Address, subject, body, msgID string, date time.Time) []byte {
	var b bytes.Buffer
	for _, h := range [][2]string{
		{"From", from.String()},
		{"To", to.String()},
		{"Subject", mime.BEncoding.Encode("UTF-8", subject)},
		{"Date", date.Format(time.RFC1123Z)},
		{"Message-ID", msgID},
		{"Auto-Submitted", "auto-generated"},
		{"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=UTF-8"},
		{"Content-Transfer-Encoding", "base64"},
	} {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// messageID is unique per sending: the notification, the time and a random
// part, at the sender's domain.
func messageID(notificationID int64, from string) string {
	domain := from[strings.LastIndexByte(from, '@')+1:]
	return fmt.Sprintf("<lms.n%d.%d.%s@%s>", notificationID, time.Now().UnixNano(), rand.Text()[:8], domain)
}
