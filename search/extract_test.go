package search

import (
	"bytes"
	"context"
	"errors"
	"lms/internal/pdfgen"
	"slices"
	"strings"
	"testing"
	"time"
)

func extract(t *testing.T, data []byte) ([]string, error) {
	t.Helper()
	return ExtractPages(context.Background(), bytes.NewReader(data), int64(len(data)))
}

func TestExtractPages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data []byte
		want []string
	}{
		{"pdf", makePDF([]string{"第一页 党员教育\nPython 3.12", "", "第三页：学习贯彻党的二十大精神"}, pdfgen.Options{}),
			[]string{"第一页 党员教育\nPython 3.12", "", "第三页：学习贯彻党的二十大精神"}},
		{"docx", makeDOCX(t, para("第一页 远程教育")+para("待处理事项")+pageBreak+para("第二页 党建")+
			`<w:p><w:r><w:lastRenderedPageBreak/><w:t>第三页</w:t><w:tab/><w:t>结束</w:t></w:r></w:p>`),
			[]string{"第一页 远程教育\n待处理事项", "第二页 党建", "第三页 结束"}},
		{"pptx", makePPTX(t, "幻灯片一：党史学习", "幻灯片二 &amp; 总结"), []string{"幻灯片一：党史学习", "幻灯片二 & 总结"}},
	}
	for _, c := range cases {
		got, err := extract(t, c.data)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestExtractBadDocuments(t *testing.T) {
	t.Parallel()
	text := makePDF([]string{"正常的一页"}, pdfgen.Options{})
	bomb := makeZipBomb(t, 300<<20)
	cases := []struct {
		name, reason string
		data         []byte
	}{
		{"encrypted pdf", "已加密", makePDF([]string{"机密文件"}, pdfgen.Options{Encrypt: true})},
		{"scanned pdf", "没有文字层", makePDF([]string{"扫描件"}, pdfgen.Options{Scanned: true})},
		{"corrupt pdf", "已损坏", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("垃圾"), 100)...)},
		{"truncated pdf", "已损坏", text[:len(text)/3]},
		{"docx zip bomb", "压缩炸弹", bomb},
		{"corrupt zip", "已损坏", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 100)...)},
		{"broken xml", "XML", makeDOCX(t, "<w:p><w:t>未闭合")},
		{"zip of something else", "不是 DOCX", makeZip(t, map[string]string{"a.txt": "x"})},
		{"plain text", "不是 PDF", []byte("只是文字")},
		{"empty docx", "没有文字", makeDOCX(t, "")},
	}
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb should be small packed: %d bytes", len(bomb))
	}
	for _, c := range cases {
		start := time.Now()
		pages, err := extract(t, c.data)
		var ce *ContentError
		if !errors.As(err, &ce) || !strings.Contains(ce.Reason, c.reason) || len(pages) != 0 {
			t.Errorf("%s: %q, %v; want a content error about %q", c.name, pages, err, c.reason)
		}
		if time.Since(start) > 20*time.Second {
			t.Errorf("%s took %s", c.name, time.Since(start)) // a bound against hangs, not a speed test
		}
	}
}

func TestExtractLimits(t *testing.T) {
	t.Parallel()
	pages := make([]string, maxPages+5)
	for i := range pages {
		pages[i] = "页"
	}
	got, err := extract(t, makePPTX(t, pages...))
	var ce *ContentError
	if len(got) != maxPages || !errors.As(err, &ce) || !strings.Contains(ce.Reason, "只检索了前") {
		t.Errorf("%d pages, %v", len(got), err)
	}
	if _, err := ExtractPages(context.Background(), bytes.NewReader(nil), MaxDocumentBytes+1); !IsContentError(err) {
		t.Errorf("oversized: %v", err)
	}
}

func TestPageDocs(t *testing.T) {
	t.Parallel()
	docs := PageDocs(Doc{Kind: KindLesson, CourseID: 1, LessonID: 2, Title: "读本", Published: true}, []string{"一", " ", "三"})
	if len(docs) != 2 || docs[0].Page != 1 || docs[1].Page != 3 || docs[1].Kind != KindPage || !docs[1].Published {
		t.Errorf("%+v", docs)
	}
}
