package web

import (
	"bytes"
	"encoding/base64"
	"image"
	_ "image/png" // the code screen's image and pdftoppm's pages
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads the text of the QR code in a PNG image, as a phone's
// camera would.
func decodeQR(t *testing.T, png []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatalf("QR image: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatalf("QR bitmap: %v", err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found: %v", err)
	}
	return res.GetText()
}

// dataURLBytes decodes a data: URL's base64 payload.
func dataURLBytes(t *testing.T, u string) []byte {
	t.Helper()
	i := strings.Index(u, ";base64,")
	if i < 0 {
		t.Fatalf("not a base64 data URL: %.40s", u)
	}
	b, err := base64.StdEncoding.DecodeString(u[i+len(";base64,"):])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfFirstPagePNG renders a PDF's first page with poppler's pdftoppm.
func pdfFirstPagePNG(t *testing.T, pdf []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "page")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	png, err := os.ReadFile(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	return png
}
