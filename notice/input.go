package notice

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"

	"lms/internal/apperr"
)

// Input is what a publisher writes. UnitID is the unit addressed (its
// whole subtree); UnitIDs and Roles, when given, narrow the audience to
// those units' subtrees inside it and to the holders of those roles.
type Input struct {
	Title     string     `json:"title"`
	BodyHTML  string     `json:"body_html"`
	UnitID    int64      `json:"unit_id"`
	UnitIDs   []int64    `json:"unit_ids"`
	Roles     []string   `json:"roles"`
	Pinned    bool       `json:"pinned"`
	MustRead  bool       `json:"must_read"`
	ExpiresAt *time.Time `json:"expires_at"`
}

const (
	maxTitleRunes = 200
	maxBodyRunes  = 100_000
	maxUnits      = 100
)

// RoleNames are the roles an audience may be narrowed to, in display order.
var RoleNames = map[string]string{"learner": "学员", "trainer": "讲师", "committee": "党委", "admin": "管理员"}

// sanitizer keeps the formatting of the notice body (UGC) and drops what
// could run.
var sanitizer = bluemonday.UGCPolicy()

// script finds what is plainly meant to run; such a body is refused
// instead of silently cleaned, so the publisher knows.
var script = regexp.MustCompile(`(?i)<\s*(script|iframe|object|embed|style)\b|javascript\s*:|\son[a-z]+\s*=`)

var tagLike = regexp.MustCompile(`<\s*/?\s*[a-zA-Z!]`)

// clean validates in and returns it with its text trimmed and its body
// sanitised; now bounds the expiry.
func (in Input) clean(now time.Time) (Input, error) {
	in.Title = strings.TrimSpace(in.Title)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		return in, apperr.Invalidf("请填写通知标题")
	case n > maxTitleRunes:
		return in, apperr.Invalidf("通知标题不能超过 %d 字", maxTitleRunes)
	case tagLike.MatchString(in.Title):
		return in, apperr.Invalidf("通知标题不能含有 HTML 标签")
	}
	if script.MatchString(in.BodyHTML) {
		return in, apperr.Invalidf("正文不能含有脚本或嵌入内容")
	}
	if utf8.RuneCountInString(in.BodyHTML) > maxBodyRunes {
		return in, apperr.Invalidf("正文不能超过 %d 字", maxBodyRunes)
	}
	in.BodyHTML = strings.TrimSpace(sanitizer.Sanitize(bodyHTML(in.BodyHTML)))
	if in.UnitID <= 0 {
		return in, apperr.Invalidf("请选择发布范围")
	}
	if len(in.UnitIDs) > maxUnits {
		return in, apperr.Invalidf("最多选择 %d 个单位", maxUnits)
	}
	for _, r := range in.Roles {
		if _, ok := RoleNames[r]; !ok {
			return in, apperr.Invalidf("未知的角色：%s", r)
		}
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(now) {
		return in, apperr.Invalidf("截止日期须晚于现在")
	}
	return in, nil
}

// bodyHTML turns lines into paragraphs unless the text already has its
// own blocks, so a publisher who typed lines (bolding a word or adding a
// link with the formatting bar) gets lines. The sanitiser runs afterwards.
func bodyHTML(s string) string {
	if blockTags.MatchString(s) {
		return s
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>" + line + "</p>\n")
		}
	}
	return b.String()
}

var blockTags = regexp.MustCompile(`(?i)<(p|div|ul|ol|h[1-6]|table|blockquote|pre)[\s>]`)
