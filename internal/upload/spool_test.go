package upload

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

type cutReader struct{ n int }

func (c *cutReader) Read(p []byte) (int, error) {
	if c.n == 0 {
		return 0, errors.New("connection reset")
	}
	c.n--
	return copy(p, "x"), nil
}

func TestSpool(t *testing.T) {
	tmp, n, err := Spool(strings.NewReader("%PDF-1.4"), 8, "太大")
	if err != nil || n != 8 {
		t.Fatalf("a file at the limit: %d %v", n, err)
	}
	b, _ := io.ReadAll(io.NewSectionReader(tmp, 0, n)) // callers read it by offset
	tmp.Close()
	os.Remove(tmp.Name())
	if string(b) != "%PDF-1.4" {
		t.Errorf("spooled %q", b)
	}
	for name, r := range map[string]io.Reader{"empty": strings.NewReader(""), "over": strings.NewReader("123456789"),
		"cut short": &cutReader{n: 3}} {
		if f, _, err := Spool(r, 8, "附件须为 1 字节到 8 字节"); err == nil || f != nil {
			t.Errorf("%s: accepted", name)
		} else if name != "cut short" && !strings.Contains(err.Error(), "附件须为") || name == "cut short" && !strings.Contains(err.Error(), "上传中断") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
