// Package pdfgen writes small Chinese PDFs with no tool and no font file:
// the demo's study materials and the documents of search's tests.
package pdfgen

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// Options shape a document for tests of text extraction.
type Options struct {
	// Plain writes each line of a page as given, with no heading, wrapping
	// or page number: the extracted text is then the page's string.
	Plain bool
	// Encrypt sets a user password: nothing opens without it.
	Encrypt bool
	// Scanned gives pages an image and no text.
	Scanned bool
}

// Write makes a small Chinese PDF, one string per page (a first line as
// the heading), with no tool and no font file. It names Adobe's standard
// Chinese font (STSong-Light, character collection Adobe-GB1, codes in
// UCS-2 through the predefined UniGB-UCS2-H CMap), which every PDF viewer
// maps to an installed Chinese font, and carries a ToUnicode map so
// pdftotext reads the text back without poppler-data.
func Write(pages []string) []byte { return WriteWith(pages, Options{}) }

// WriteWith is Write shaped by o.
func WriteWith(pages []string, o Options) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict, data string) int {
		return add(fmt.Sprintf("<< %s/Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
	}
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("PAGES") // written once the pages are known
	add("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H " +
		"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
	add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light " +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>")
	add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] " +
		"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
	stream("", toUnicode(pages))
	image := stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
		"\x00\xff\xff\x00")
	var kids []string
	for i, p := range pages {
		c := stream("", pageContent(p, i+1, len(pages), o))
		kids = append(kids, fmt.Sprintf("%d 0 R", add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R "+
			"/MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>",
			image, c))))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	trailer := ""
	if o.Encrypt {
		enc := add(fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /O <%x> /U <%x> /P -44 >>", random(32), random(32)))
		trailer = fmt.Sprintf(" /Encrypt %d 0 R /ID [<%x> <%x>]", enc, random(16), random(16))
	}
	return file(objs, trailer)
}

func pageContent(page string, n, total int, o Options) string {
	switch {
	case o.Scanned:
		return "q 400 0 0 500 50 200 cm /Im1 Do Q"
	case o.Plain:
		return plainText(page)
	}
	return pageText(page, n, total)
}

func file(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

// plainText writes each line of the page as it is, at 12 pt.
func plainText(page string) string {
	var b strings.Builder
	b.WriteString("BT /F1 12 Tf 14 TL 40 800 Td\n")
	for _, line := range strings.Split(page, "\n") {
		fmt.Fprintf(&b, "%s Tj T*\n", hexString(line))
	}
	b.WriteString("ET")
	return b.String()
}

func random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// pageText lays a page out: the heading at 20 pt, the text at 13 pt
// wrapped at 36 characters, the page number at the foot.
func pageText(page string, n, total int) string {
	heading, text, _ := strings.Cut(page, "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "BT /F1 20 Tf 60 770 Td %s Tj ET\n", hexString(heading))
	b.WriteString("BT /F1 13 Tf 22 TL 60 730 Td\n")
	for _, para := range strings.Split(text, "\n") {
		for _, line := range Wrap(para, 36) {
			fmt.Fprintf(&b, "%s Tj T*\n", hexString(line))
		}
		b.WriteString("T*\n")
	}
	b.WriteString("ET\n")
	fmt.Fprintf(&b, "BT /F1 10 Tf 280 40 Td %s Tj ET", hexString(fmt.Sprintf("第 %d 页 / 共 %d 页", n, total)))
	return b.String()
}

// Wrap cuts s into lines of at most n characters.
func Wrap(s string, n int) []string {
	r := []rune(strings.TrimSpace(s))
	var out []string
	for len(r) > n {
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	if len(r) > 0 {
		out = append(out, string(r))
	}
	return out
}

// hexString writes text as a hex string of UCS-2 codes.
func hexString(s string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// toUnicode maps each code used back to its character.
func toUnicode(pages []string) string {
	seen := map[uint16]bool{}
	for _, p := range append(pages, "第页共/ 0123456789") {
		for _, u := range utf16.Encode([]rune(p)) {
			seen[u] = true
		}
	}
	codes := make([]int, 0, len(seen))
	for c := range seen {
		codes = append(codes, int(c))
	}
	sort.Ints(codes)
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for start := 0; start < len(codes); start += 100 {
		chunk := codes[start:min(start+100, len(codes))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, c := range chunk {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", c, c)
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}
