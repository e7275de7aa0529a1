package upload

import (
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
