package upload

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
)

// Sniff names a file's type from its bytes, never from its name: "pdf",
// "png", "jpeg", "gif", "webp", "docx", "pptx", or "" for anything else.
// r must read the whole file of the given size (a zip is told by its parts).
func Sniff(r io.ReaderAt, size int64) string {
	head := make([]byte, 512)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	if bytes.HasPrefix(head, []byte("%PDF-")) {
		return "pdf"
	}
	switch http.DetectContentType(head) {
	case "image/png":
		return "png"
	case "image/jpeg":
		return "jpeg"
	case "image/gif":
		return "gif"
	case "image/webp":
		return "webp"
	}
	z, err := zip.NewReader(r, size)
	if err != nil {
		return ""
	}
	for _, zf := range z.File {
		switch zf.Name {
		case "word/document.xml":
			return "docx"
		case "ppt/presentation.xml":
			return "pptx"
		}
	}
	return ""
}

// CleanName keeps a file name safe to show and to send back in a
// Content-Disposition: no folders (a Windows path's included), control
// characters or characters that file systems refuse; fallback when
// nothing is left.
func CleanName(name, fallback string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\"<>|:*?`, r) {
			return -1
		}
		return r
	}, path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || strings.Trim(name, ".") == "" {
		return fallback
	}
	return name
}
