package main

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// demoPDF writes a small Chinese PDF for the demo course, one string per
// page (a first line as the heading), with no tool and no font file. It
// names Adobe's standard Chinese font (STSong-Light, character collection
// Adobe-GB1, codes in UCS-2 through the predefined UniGB-UCS2-H CMap), which
// every PDF viewer maps to an installed Chinese font, and carries a
// ToUnicode map so pdftotext reads the text back without poppler-data.
func demoPDF(pages []string) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(data string) int {
		return add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data))
	}
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("PAGES") // written once the pages are known
	add("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H " +
		"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
	add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light " +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>")
	add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] " +
		"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
	stream(pdfToUnicode(pages))
	var kids []string
	for i, p := range pages {
		c := stream(pdfPageText(p, i+1, len(pages)))
		kids = append(kids, fmt.Sprintf("%d 0 R", add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R "+
			"/MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", c))))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	return pdfFile(objs)
}

func pdfFile(objs []string) []byte {
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfPageText lays a page out: the heading at 20 pt, the text at 13 pt
// wrapped at 36 characters, the page number at the foot.
func pdfPageText(page string, n, total int) string {
	heading, text, _ := strings.Cut(page, "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "BT /F1 20 Tf 60 770 Td %s Tj ET\n", pdfString(heading))
	b.WriteString("BT /F1 13 Tf 22 TL 60 730 Td\n")
	for _, para := range strings.Split(text, "\n") {
		for _, line := range wrapRunes(para, 36) {
			fmt.Fprintf(&b, "%s Tj T*\n", pdfString(line))
		}
		b.WriteString("T*\n")
	}
	b.WriteString("ET\n")
	fmt.Fprintf(&b, "BT /F1 10 Tf 280 40 Td %s Tj ET", pdfString(fmt.Sprintf("第 %d 页 / 共 %d 页", n, total)))
	return b.String()
}

func wrapRunes(s string, n int) []string {
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

// pdfString writes text as a hex string of UCS-2 codes.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// pdfToUnicode maps each code used back to its character.
func pdfToUnicode(pages []string) string {
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
