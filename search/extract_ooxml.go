package search

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Zip-bomb limits: a DOCX or PPTX is a zip, and a few kilobytes can unpack
// to gigabytes. The sizes are checked in the headers, then again while
// reading (Go's zip reader also refuses more bytes than a header says).
const (
	maxZipEntries  = 10_000
	maxPartBytes   = 64 << 20  // one XML part, unpacked
	maxUnzipped    = 256 << 20 // all parts read, unpacked
	maxZipRatio    = 100       // unpacked/packed, for parts over 1 MB
	ratioThreshold = 1 << 20
)

var errZipBomb = errors.New("zip limits exceeded")

func zipBomb() *ContentError {
	return contentErr(errZipBomb, "文档解压后过大（疑似压缩炸弹），已拒绝检索")
}

// ooxml reads parts of an Office file within the limits.
type ooxml struct {
	zr   *zip.Reader
	read int64
}

func extractOOXML(r io.ReaderAt, size int64) ([]string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, contentErr(err, "文档已损坏（不是有效的 DOCX 或 PPTX），未能检索")
	}
	if len(zr.File) > maxZipEntries {
		return nil, zipBomb()
	}
	o := &ooxml{zr: zr}
	var pages []string
	switch {
	case o.file("word/document.xml") != nil:
		pages, err = o.docx()
	case o.file("ppt/presentation.xml") != nil:
		pages, err = o.pptx()
	default:
		return nil, contentErr(nil, "不是 DOCX 或 PPTX 文档，未能检索")
	}
	if err != nil {
		return nil, err
	}
	pages, problem := limitPages(pages)
	if allBlank(pages) {
		return nil, contentErr(nil, "文档中没有文字，无法检索")
	}
	if problem != nil {
		return pages, problem
	}
	return pages, nil
}

func (o *ooxml) file(name string) *zip.File {
	for _, f := range o.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// open checks a part's sizes before and while it is read.
func (o *ooxml) open(f *zip.File) (io.ReadCloser, error) {
	u, c := f.UncompressedSize64, f.CompressedSize64
	if u > maxPartBytes || o.read+int64(u) > maxUnzipped || u > ratioThreshold && u > c*maxZipRatio {
		return nil, zipBomb()
	}
	rc, err := f.Open()
	if err != nil {
		return nil, contentErr(err, "文档已损坏，未能检索")
	}
	o.read += int64(u)
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, int64(u)), rc}, nil
}

// docx reads word/document.xml: paragraphs become lines, and a page break
// (typed, or where Word last laid out a new page) starts a new page.
func (o *ooxml) docx() ([]string, error) {
	rc, err := o.open(o.file("word/document.xml"))
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	pages := []string{""}
	var cur strings.Builder
	newPage := func() {
		pages[len(pages)-1] = cur.String()
		if strings.TrimSpace(cur.String()) != "" {
			pages = append(pages, "")
		}
		cur.Reset()
	}
	err = walkXML(rc, func(el xml.StartElement) {
		switch el.Name.Local {
		case "lastRenderedPageBreak":
			newPage()
		case "br":
			if attr(el, "type") == "page" {
				newPage()
			} else {
				cur.WriteByte('\n')
			}
		case "tab":
			cur.WriteByte(' ')
		}
	}, func(name string) {
		if name == "p" {
			cur.WriteByte('\n')
		}
	}, func(text string) { cur.WriteString(text) }, "t")
	pages[len(pages)-1] = cur.String()
	return pages, err
}

var slideRe = regexp.MustCompile(`^ppt/slides/slide(\d+)\.xml$`)

// pptx reads each slide's text, one page per slide, in slide number order.
func (o *ooxml) pptx() ([]string, error) {
	type slide struct {
		n int
		f *zip.File
	}
	var slides []slide
	for _, f := range o.zr.File {
		if m := slideRe.FindStringSubmatch(f.Name); m != nil {
			n, _ := strconv.Atoi(m[1])
			slides = append(slides, slide{n, f})
		}
	}
	sort.Slice(slides, func(i, j int) bool { return slides[i].n < slides[j].n })
	pages := make([]string, 0, len(slides))
	for _, s := range slides {
		text, err := o.slideText(s.f)
		if err != nil {
			return nil, err
		}
		pages = append(pages, text)
	}
	return pages, nil
}

func (o *ooxml) slideText(f *zip.File) (string, error) {
	rc, err := o.open(f)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	var b strings.Builder
	err = walkXML(rc, func(xml.StartElement) {}, func(name string) {
		if name == "p" {
			b.WriteByte('\n')
		}
	}, func(text string) { b.WriteString(text) }, "t")
	return b.String(), err
}

// walkXML streams an XML part: start and end elements to the callbacks,
// and the character data of elements named textEl to text. Go's decoder
// expands no entities from a DTD, so a billion-laughs file stays small.
func walkXML(r io.Reader, start func(xml.StartElement), end func(string), text func(string), textEl string) error {
	dec := xml.NewDecoder(r)
	inText := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return contentErr(err, "文档内容已损坏（XML 无法解析），未能检索")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == textEl {
				inText++
			}
			start(t)
		case xml.EndElement:
			if t.Name.Local == textEl {
				inText--
			}
			end(t.Name.Local)
		case xml.CharData:
			if inText > 0 {
				text(string(t))
			}
		}
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
