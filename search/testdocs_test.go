package search

import (
	"archive/zip"
	"bytes"
	"fmt"
	"testing"

	"lms/internal/pdfgen"
)

// Test documents are made here, not committed: PDFs by internal/pdfgen
// (plain, encrypted, scanned), DOCX and PPTX files, and a zip bomb.

// makePDF writes each page's lines as given, so the text read back is the page.
func makePDF(pages []string, o pdfgen.Options) []byte {
	o.Plain = true
	return pdfgen.WriteWith(pages, o)
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
