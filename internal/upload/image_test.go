package upload

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"lms/internal/apperr"
)

func TestReadImage(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	gif := []byte("GIF89a" + strings.Repeat("\x00", 32))
	jpeg := append([]byte{0xff, 0xd8, 0xff}, make([]byte, 32)...)
	cases := []struct {
		name string
		data []byte
		ext  string // "" when refused
		msg  string
	}{
		{"png", png, "png", ""},
		{"gif", gif, "gif", ""},
		{"jpeg", jpeg, "jpg", ""},
		{"empty", nil, "", "请选择封面"},
		{"page named .png", []byte("<html><body>x</body></html>"), "", "封面须为 PNG、JPEG、GIF 或 WebP 图片"},
		{"svg (scripts)", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>`), "", "封面须为"},
		{"exactly the limit", append(bytes.Clone(png), make([]byte, MaxImageBytes-len(png))...), "png", ""},
		{"one byte over", append(bytes.Clone(png), make([]byte, MaxImageBytes-len(png)+1)...), "", "封面须小于 5 MB"},
	}
	for _, c := range cases {
		img, err := ReadImage(bytes.NewReader(c.data), "封面")
		switch {
		case c.ext != "" && (err != nil || img.Ext != c.ext || len(img.Data) != len(c.data)):
			t.Errorf("%s: %v %+v", c.name, err, img)
		case c.ext == "" && (!apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), c.msg)):
			t.Errorf("%s: %v, want %q", c.name, err, c.msg)
		}
	}
	// A connection cut mid-upload is the client's problem, said plainly.
	_, err := ReadImage(iotest.ErrReader(errors.New("reset")), "封面")
	if !apperr.Is(err, apperr.Invalid) {
		t.Errorf("cut upload: %v", err)
	}
}

func TestRandomName(t *testing.T) {
	a, b := RandomName(16), RandomName(16)
	if len(a) != 32 || a == b {
		t.Errorf("names %q %q", a, b)
	}
}

// Files are told by their bytes, whatever their name says.
func TestSniffAndCleanName(t *testing.T) {
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte("<w:document/>"))
	_ = zw.Close()
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"pdf":  {[]byte("%PDF-1.4\n..."), "pdf"},
		"png":  {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "png"},
		"docx": {docx.Bytes(), "docx"},
		"html": {[]byte("<html><script>alert(1)</script>"), ""},
		"exe":  {[]byte("MZ\x90\x00"), ""},
	} {
		if got := Sniff(bytes.NewReader(c.data), int64(len(c.data))); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
	for in, want := range map[string]string{`C:\Users\张三\报告.pdf`: "报告.pdf", "../../etc/passwd": "passwd",
		"a\x00b<c>.docx": "abc.docx", "..": "附件", "": "附件"} {
		if got := CleanName(in, "附件"); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
