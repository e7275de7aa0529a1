package feedback

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"lms/internal/apperr"
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

// sniff says what an attachment really is, from its bytes: PDF, Word
// (DOCX), PNG, JPEG. The name's extension is not believed.
func sniff(data []byte) (string, bool) {
	switch ct := http.DetectContentType(data); ct {
	case "application/pdf", "image/png", "image/jpeg":
		return ct, true
	case "application/zip":
		if isDOCX(data) {
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
		}
	}
	return "", false
}

func isDOCX(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
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
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || strings.ContainsRune(`"<>`, r) {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		name = string(r[len(r)-100:])
	}
	if name == "" || name == "." || name == "/" {
		return "附件"
	}
	return name
}
