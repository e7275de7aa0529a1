package feedback

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"

	"lms/internal/apperr"
)

// Each bad input is refused with a Chinese message, and nothing is stored.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	learner := e.actor("demo_learner")
	unit := e.unitID("第一党支部")
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
	big := append(append([]byte{}, pdf...), make([]byte, 11<<20)...)
	cases := map[string]NewMessage{
		"script":        {Body: `请看<script>alert(1)</script>`},
		"tag":           {Body: `<img src=x onerror=alert(1)>`},
		"js link":       {Body: `点这里 javascript:alert(1)`},
		"empty":         {Body: "   "},
		"too long":      {Body: strings.Repeat("长", 5001)},
		"category":      {Body: "好", Category: "spam"},
		"no unit":       {Body: "好", UnitID: -1},
		"six files":     {Body: "好", Files: []Upload{{"1.pdf", pdf}, {"2.pdf", pdf}, {"3.pdf", pdf}, {"4.pdf", pdf}, {"5.pdf", pdf}, {"6.pdf", pdf}}},
		"exe as pdf":    {Body: "好", Files: []Upload{{"报告.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")}}},
		"html as image": {Body: "好", Files: []Upload{{"a.png", []byte("<html><script>alert(1)</script></html>")}}},
		"zip as docx":   {Body: "好", Files: []Upload{{"a.docx", zipOf(t, "x.txt")}}},
		"oversized":     {Body: "好", Files: []Upload{{"大.pdf", big}}},
	}
	for name, in := range cases {
		if in.Category == "" {
			in.Category = "opinion"
		}
		if in.UnitID == 0 {
			in.UnitID = unit
		}
		_, err := e.svc.Submit(context.Background(), learner, in)
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if msg := err.Error(); !hasHan(msg) {
			t.Errorf("%s: message %q is not Chinese", name, msg)
		}
	}
	if n := e.count(`SELECT count(*) FROM feedback_messages`); n != 0 {
		t.Errorf("%d messages stored", n)
	}
	// A real DOCX and a PDF pass.
	_, err := e.svc.Submit(context.Background(), learner, NewMessage{UnitID: unit, Category: "help", Body: "见附件",
		Files: []Upload{{"情况.docx", zipOf(t, "word/document.xml")}, {"../../etc/证明.pdf", pdf}}})
	must(t, err)
	names := e.count(`SELECT count(*) FROM feedback_files WHERE name IN ('情况.docx', '证明.pdf')`)
	if names != 2 {
		t.Errorf("attachments stored under their base names: %d", names)
	}
}

func zipOf(t *testing.T, name string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	must(t, err)
	_, _ = w.Write([]byte("<w:document/>"))
	must(t, zw.Close())
	return buf.Bytes()
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
