package search

import (
	"bytes"
	"context"
	"io"
	"strings"
)

// Limits on the documents text is extracted from.
const (
	MaxDocumentBytes = 200 << 20 // the file itself
	maxPages         = 2000
	maxTextBytes     = 50 << 20 // all the text of one document
)

// ExtractPages reads the text of a study document page by page: a PDF's
// pages (through pdftotext), a PPTX's slides, a DOCX's pages as its page
// breaks mark them. The format is told by the content, never the name.
//
// A problem with the file itself (encrypted, scanned, corrupt, a zip bomb,
// too long) is a *ContentError whose Reason a trainer can act on; pages
// read before a limit was reached come back with it.
func ExtractPages(ctx context.Context, r io.ReaderAt, size int64) ([]string, error) {
	if size > MaxDocumentBytes {
		return nil, contentErr(nil, "文档超过 %d MB，未能检索", MaxDocumentBytes>>20)
	}
	head := make([]byte, 1024)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return extractPDF(ctx, io.NewSectionReader(r, 0, size))
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return extractOOXML(r, size)
	}
	return nil, contentErr(nil, "不是 PDF、DOCX 或 PPTX 文档，未能检索")
}

// limitPages keeps at most maxPages pages, trimmed.
func limitPages(pages []string) ([]string, *ContentError) {
	var problem *ContentError
	if len(pages) > maxPages {
		problem = contentErr(nil, "文档超过 %d 页：只检索了前 %d 页", maxPages, maxPages)
		pages = pages[:maxPages]
	}
	for i, p := range pages {
		pages[i] = strings.TrimSpace(p)
	}
	return pages, problem
}

func allBlank(pages []string) bool {
	for _, p := range pages {
		if strings.TrimSpace(p) != "" {
			return false
		}
	}
	return true
}

// PageDocs makes one doc per non-blank page from a template doc (kind,
// course, lesson, title, permissions): the helper for document lessons.
func PageDocs(base Doc, pages []string) []Doc {
	var out []Doc
	for i, text := range pages {
		if strings.TrimSpace(text) == "" {
			continue
		}
		d := base
		d.Kind, d.Page, d.Body = KindPage, i+1, text
		out = append(out, d)
	}
	return out
}
