package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"golang.org/x/net/html"

	"lms/course"
	"lms/search"
)

// pages reads a document lesson's file from the object store into a
// temporary file (the extractors need random access) and splits its text
// into pages. A problem with the file is a *search.ContentError.
func (s lessonSource) pages(ctx context.Context, l *course.Lesson) ([]string, error) {
	r, err := s.c.LessonDocumentForSearch(ctx, l)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	tmp, err := os.CreateTemp("", "lms-index-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	size, err := io.Copy(tmp, io.LimitReader(r, search.MaxDocumentBytes+1))
	if err != nil {
		if missingObject(err) {
			return nil, &search.ContentError{Reason: "文档文件在存储中缺失，无法检索：请重新上传", Err: err}
		}
		return nil, fmt.Errorf("read document of lesson %d: %w", l.ID, err)
	}
	return search.ExtractPages(ctx, tmp, size)
}

// missingObject: the store answered, and the file is not there.
func missingObject(err error) bool {
	return minio.ToErrorResponse(err).Code == "NoSuchKey"
}

func asContentError(err error) *search.ContentError {
	var ce *search.ContentError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// htmlText is the readable text of sanitised HTML: tags dropped, entities
// decoded, and a line break where a block ends so words of two paragraphs
// never run together.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); blockTag[string(name)] {
				b.WriteByte('\n')
			}
		}
	}
}

var blockTag = map[string]bool{"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "tr": true, "td": true, "th": true, "blockquote": true, "pre": true}
