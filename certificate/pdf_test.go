package certificate

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The PDF carries its Chinese text as text (pdftotext reads it back), the
// serial and the organiser, which only an embedded CJK font allows.
func TestCertificateShowsChineseText(t *testing.T) {
	r, err := NewRenderer("")
	if err != nil {
		t.Fatal(err)
	}
	d := Data{Holder: "张学员", ClassName: "2026年党支部书记专题培训班", Organiser: "华北分公司党委组织部",
		StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, shanghai), EndsOn: time.Date(2026, 3, 5, 0, 0, 0, 0, shanghai),
		Hours: 24, Serial: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", VerifyURL: "http://localhost/certificates/verify/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"}
	var buf bytes.Buffer
	start := time.Now()
	if err := r.Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	t.Logf("one certificate: %d bytes in %v", buf.Len(), time.Since(start))
	path := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"结业证书", "张学员", "党支部书记专题培训班", "华北分公司党委组织部", "24学时", d.Serial, "2026年3月5日"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, out)
		}
	}
}

func TestMissingFontIsAClearError(t *testing.T) {
	if _, err := NewRenderer("/nonexistent/font.ttf"); err == nil || !strings.Contains(err.Error(), "fonts-droid-fallback") {
		t.Errorf("err = %v", err)
	}
}
