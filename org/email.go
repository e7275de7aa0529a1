package org

import (
	"net/mail"
	"strings"
	"unicode"

	"lms/internal/apperr"
)

// maxEmail is the longest address SMTP can carry (RFC 5321 path limit).
const maxEmail = 254

// ValidateEmail checks an optional address: empty, or one plain address
// such as zhangsan@example.com. A name part ("张三 <a@b.c>") is refused so
// that what is stored is exactly what a mail server is given.
func ValidateEmail(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if len(v) > maxEmail || strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return "", apperr.Invalidf("邮箱不能超过 %d 个字符，也不能包含控制字符", maxEmail)
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || a.Name != "" || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		return "", apperr.Invalidf("邮箱格式不正确：%s（例如 zhangsan@example.com）", v)
	}
	return v, nil
}
