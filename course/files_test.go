package course

import (
	"archive/zip"
	"bytes"
	"image"
	"image/png"
	"io"
	"strings"
	"testing"

	"lms/internal/apperr"
	"lms/internal/testenv"
)

func docx(t *testing.T, part string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.Create(part)
	must(t, err)
	io.WriteString(w, "<w:document/>")
	must(t, z.Close())
	return buf.Bytes()
}

func TestDocumentsAndCover(t *testing.T) {
	f := newFixture(t)
	f.svc.Store = testenv.Store(t)
	c, _, _ := f.course(1)
	trainer := f.actor("demo_trainer")
	l, err := f.svc.AddLesson(f.ctx, trainer, c.ID, LessonInput{Title: ptr("文件"), Kind: "document", MinSeconds: ptr(30)})
	must(t, err)
	for name, data := range map[string][]byte{
		"text named .pdf": []byte("just text"),
		"empty":           {},
		"plain zip":       docx(t, "other.xml"),
	} {
		if _, err := f.svc.UploadDocument(f.ctx, trainer, l.ID, name+".pdf", bytes.NewReader(data)); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	got, err := f.svc.UploadDocument(f.ctx, trainer, l.ID, "学习/材料.pdf", bytes.NewReader(docx(t, "word/document.xml")))
	must(t, err)
	if got.DocType != "docx" || got.DocName != "材料.pdf.docx" {
		t.Errorf("docx: %+v", got)
	}
	_, err = f.svc.UploadDocument(f.ctx, trainer, l.ID, "讲义.pdf", strings.NewReader("%PDF-1.4\n%%EOF\n"))
	must(t, err)
	obj, doc, err := f.svc.Document(f.ctx, f.actor("demo_learner"), l.ID)
	must(t, err)
	body, _ := io.ReadAll(obj)
	obj.Close()
	if doc.DocType != "pdf" || !strings.HasPrefix(string(body), "%PDF") {
		t.Errorf("learner reads %s %q", doc.DocType, body)
	}
	if _, _, err := f.svc.Document(f.ctx, f.actor("bgs_01"), l.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("outsider reads the document: %v", err)
	}
	if _, err := f.svc.UploadDocument(f.ctx, f.actor("demo_learner"), l.ID, "x.pdf", strings.NewReader("%PDF-1.4")); err == nil {
		t.Error("a learner replaced the document")
	}
	var img bytes.Buffer
	must(t, png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 4, 3))))
	if _, err := f.svc.UploadCover(f.ctx, trainer, c.ID, strings.NewReader("<svg onload=alert(1)>")); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("svg cover: %v", err)
	}
	if _, err := f.svc.UploadCover(f.ctx, trainer, c.ID, &img); err != nil {
		t.Fatal(err)
	}
	cover, err := f.svc.Cover(f.ctx, f.actor("demo_learner"), c.ID)
	must(t, err)
	cover.Close()
}
