// Package certificate renders 结业证书 as PDF: Chinese text in an embedded
// TrueType CJK font, a serial number and a QR code that opens the public
// verification page.
package certificate

import (
	"lms/internal/calendar"

	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// DefaultFont is the TrueType CJK font Debian's fonts-droid-fallback
// installs (scripts/deps.sh). fonts-noto-cjk is CFF-flavoured OpenType,
// which fpdf cannot embed.
const DefaultFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// Data is what a certificate says.
type Data struct {
	Holder    string
	ClassName string
	Organiser string
	StartsOn  time.Time
	EndsOn    time.Time
	Hours     float64
	Serial    string
	VerifyURL string
	Revoked   bool
}

// Renderer holds the font, read once, for every certificate it draws.
type Renderer struct {
	font []byte
}

// NewRenderer reads the font at path (DefaultFont when empty).
func NewRenderer(path string) (*Renderer, error) {
	if path == "" {
		path = DefaultFont
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("certificate font %s: %w (install fonts-droid-fallback)", path, err)
	}
	return &Renderer{font: b}, nil
}

// Write draws the certificate of d as a one-page A4 landscape PDF.
func (r *Renderer) Write(w io.Writer, d Data) error {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetTitle("结业证书 "+d.Serial, true)
	pdf.AddUTF8FontFromBytes("cjk", "", r.font)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	frame(pdf)
	body(pdf, d)
	if err := qr(pdf, d.VerifyURL); err != nil {
		return err
	}
	return pdf.Output(w)
}

func frame(pdf *fpdf.Fpdf) {
	pdf.SetDrawColor(180, 20, 20)
	pdf.SetLineWidth(2)
	pdf.Rect(10, 10, 277, 190, "D")
	pdf.SetLineWidth(0.5)
	pdf.Rect(14, 14, 269, 182, "D")
}

func body(pdf *fpdf.Fpdf, d Data) {
	pdf.SetTextColor(180, 20, 20)
	pdf.SetFont("cjk", "", 36)
	pdf.SetXY(10, 30)
	pdf.CellFormat(277, 18, "结 业 证 书", "", 1, "C", false, 0, "")
	pdf.SetTextColor(30, 30, 30)
	pdf.SetFont("cjk", "", 16)
	pdf.SetXY(35, 70)
	text := fmt.Sprintf("%s 同志于 %s 至 %s 参加“%s”，完成规定的学习任务，经考核合格，准予结业，计 %g 学时。",
		d.Holder, chinaDate(d.StartsOn), chinaDate(d.EndsOn), d.ClassName, d.Hours)
	for _, line := range wrap(pdf, text, 227) {
		pdf.SetX(35)
		pdf.CellFormat(227, 11, line, "", 1, "L", false, 0, "")
	}
	pdf.SetXY(150, 140)
	pdf.CellFormat(110, 10, d.Organiser, "", 2, "R", false, 0, "")
	pdf.CellFormat(110, 10, chinaDate(d.EndsOn), "", 2, "R", false, 0, "")
	pdf.SetFont("cjk", "", 10)
	pdf.SetXY(20, 183)
	pdf.CellFormat(200, 6, "证书编号："+d.Serial+"　扫描右侧二维码或访问验证页核验真伪", "", 0, "L", false, 0, "")
	if d.Revoked {
		pdf.SetTextColor(200, 0, 0)
		pdf.SetFont("cjk", "", 28)
		pdf.SetXY(10, 110)
		pdf.CellFormat(277, 14, "本证书已撤销", "", 0, "C", false, 0, "")
	}
}

func qr(pdf *fpdf.Fpdf, url string) error {
	png, err := qrcode.Encode(url, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	pdf.RegisterImageOptionsReader("qr", opt, bytes.NewReader(png))
	pdf.ImageOptions("qr", 240, 150, 36, 36, false, opt, 0, "")
	return pdf.Error()
}

// wrap breaks text into lines no wider than width. fpdf's MultiCell drops
// the character at a break in UTF-8 text without spaces, so Chinese is
// wrapped here, rune by rune.
func wrap(pdf *fpdf.Fpdf, text string, width float64) []string {
	var lines []string
	var cur []rune
	for _, r := range text {
		if len(cur) > 0 && pdf.GetStringWidth(string(append(cur, r))) > width {
			lines, cur = append(lines, string(cur)), nil
		}
		cur = append(cur, r)
	}
	return append(lines, string(cur))
}

var shanghai = calendar.Zone

func chinaDate(t time.Time) string {
	t = t.In(shanghai)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// QRPNG renders a QR code of text as PNG, for the check-in screen.
func QRPNG(text string, size int) ([]byte, error) {
	return qrcode.Encode(text, qrcode.Medium, size)
}
