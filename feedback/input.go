package feedback

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"lms/internal/apperr"
	"lms/internal/upload"
)

// MaxFiles is how many attachments one message may carry.
const MaxFiles = 5

// Upload is an attachment as the member sent it.
type Upload struct {
	Name string
	Data []byte
}

// tagLike finds what a browser would take for markup: a tag, a comment,
// a closing tag. Messages are plain text; markup is refused, not quietly
// stripped, so the writer knows what was kept.
var tagLike = regexp.MustCompile(`<\s*[a-zA-Z!/?]`)

// cleanText checks a text a person wrote: trimmed, not empty, at most max
// characters, no markup.
func cleanText(s, what string, max int) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "":
		return "", apperr.Invalidf("请填写%s", what)
	case !utf8.ValidString(s):
		return "", apperr.Invalidf("%s含有无效字符", what)
	case utf8.RuneCountInString(s) > max:
		return "", apperr.Invalidf("%s不能超过 %d 字", what, max)
	case tagLike.MatchString(s) || strings.Contains(strings.ToLower(s), "javascript:"):
		return "", apperr.Invalidf("%s不能包含 HTML 标记或脚本，请用纯文字填写", what)
	}
	return s, nil
}

func checkCategory(c string) error {
	if !slices.Contains(Categories, c) {
		return apperr.Invalidf("请选择类别：意见建议、问题反映、求助或其他")
	}
	return nil
}

// contentTypes are the attachments a message takes, by the type its
// bytes show (the name's extension is not believed).
var contentTypes = map[string]string{"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}

func sniff(data []byte) (string, bool) {
	ct, ok := contentTypes[upload.Sniff(bytes.NewReader(data), int64(len(data)))]
	return ct, ok
}

// checkFiles validates the attachments before anything is stored.
func (s *Service) checkFiles(files []Upload) ([]fileRow, error) {
	if len(files) > MaxFiles {
		return nil, apperr.Invalidf("附件最多 %d 个", MaxFiles)
	}
	out := make([]fileRow, len(files))
	for i, f := range files {
		name := safeName(f.Name)
		if int64(len(f.Data)) > s.MaxFileSize {
			return nil, apperr.Invalidf("附件“%s”超过 %d MB", name, s.MaxFileSize>>20)
		}
		ct, ok := sniff(f.Data)
		if len(f.Data) == 0 || !ok {
			return nil, apperr.Invalidf("附件“%s”的格式不支持：只能上传 PDF、Word（DOCX）、PNG 或 JPEG 文件", name)
		}
		out[i] = fileRow{N: i + 1, Name: name, ContentType: ct, Size: int64(len(f.Data))}
	}
	return out, nil
}

// safeName keeps the base of a file name, printable and not too long.
func safeName(name string) string {
	name = upload.CleanName(name, "附件")
	if r := []rune(name); len(r) > 100 {
		name = string(r[len(r)-100:])
	}
	return name
}
