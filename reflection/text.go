package reflection

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"lms/internal/apperr"
)

// looksLikeHTML catches markup in what should be plain text: a tag, a
// comment or a script URL. Text is shown escaped anyway; refusing it
// tells the writer at once instead of showing them their tags back.
var looksLikeHTML = regexp.MustCompile(`(?i)<\s*/?\s*[a-z!?]|javascript\s*:`)

// checkText refuses markup, control characters and text over max runes.
func checkText(field, v string, max int) error {
	if looksLikeHTML.MatchString(v) {
		return apperr.Invalidf("%s不能包含 HTML 标签或脚本，请直接输入文字", field)
	}
	if len([]rune(v)) > max {
		return apperr.Invalidf("%s不能超过 %d 字", field, max)
	}
	if strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		return apperr.Invalidf("%s含有无法显示的字符", field)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
