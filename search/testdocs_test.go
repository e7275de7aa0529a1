package search

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// Test documents are made here, not committed: a PDF with a Type0 font and
// a ToUnicode map (so pdftotext reads Chinese without any font installed),
// its encrypted and scanned variants, DOCX and PPTX files, and a zip bomb.

type pdfOpts struct {
	encrypt bool // a user password: nothing opens without it
	scanned bool // pages hold an image and no text
}

func makePDF(pages []string, o pdfOpts) []byte {
	cids := map[rune]int{}
	var order []rune
	for _, p := range pages {
		for _, r := range p {
			if _, ok := cids[r]; !ok && r != '\n' {
				cids[r] = len(order) + 1
				order = append(order, r)
			}
		}
	}
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict, data string) int {
		return add(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
	}
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("PAGES")
	add("<< /Type /Font /Subtype /Type0 /BaseFont /LmsSong /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
	add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LmsSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>")
	add("<< /Type /FontDescriptor /FontName /LmsSong /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>")
	stream("", toUnicodeCMap(order, cids))
	image := stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x00\xff\xff\x00")
	var kids []string
	for _, p := range pages {
		content := "q 400 0 0 500 50 200 cm /Im1 Do Q"
		if !o.scanned {
			content = textContent(p, cids)
		}
		c := stream("", content)
		kids = append(kids, fmt.Sprintf("%d 0 R", add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "+
			"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>", image, c))))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	trailer := ""
	if o.encrypt {
		enc := add(fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /O <%x> /U <%x> /P -44 >>", random(32), random(32)))
		trailer = fmt.Sprintf(" /Encrypt %d 0 R /ID [<%x> <%x>]", enc, random(16), random(16))
	}
	return writePDF(objs, trailer)
}

func writePDF(objs []string, trailer string) []byte {
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

func textContent(page string, cids map[rune]int) string {
	var b strings.Builder
	b.WriteString("BT /F1 12 Tf 14 TL 40 800 Td\n")
	for _, line := range strings.Split(page, "\n") {
		b.WriteString("<")
		for _, r := range line {
			fmt.Fprintf(&b, "%04X", cids[r])
		}
		b.WriteString("> Tj T*\n")
	}
	b.WriteString("ET")
	return b.String()
}

func toUnicodeCMap(order []rune, cids map[rune]int) string {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for start := 0; start < len(order); start += 100 {
		chunk := order[start:min(start+100, len(order))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, r := range chunk {
			fmt.Fprintf(&b, "<%04X> <", cids[r])
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}

func random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// makeZip writes files (name → content) as a zip.
func makeZip(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func makeDOCX(t *testing.T, body string) []byte {
	return makeZip(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
	})
}

func para(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

const pageBreak = `<w:p><w:r><w:br w:type="page"/></w:r></w:p>`

func makePPTX(t *testing.T, slides ...string) []byte {
	files := map[string]string{"ppt/presentation.xml": `<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`}
	for i, s := range slides {
		files[fmt.Sprintf("ppt/slides/slide%d.xml", i+1)] = `<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" ` +
			`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>` +
			`<a:p><a:r><a:t>` + s + `</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`
	}
	return makeZip(t, files)
}

// makeZipBomb is a DOCX whose document.xml unpacks to size bytes of blanks
// (about a thousandth of that packed).
func makeZipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for written := 0; written < size; written += len(chunk) {
		_, _ = w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
