package web

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lms/notice"
)

// A notice of 营销党支部 attacked from outside: another subtree's
// committee, a learner of another branch with a copied link and a script,
// someone not signed in. Each gets 404 (401 or the login page when not
// signed in) and never the notice's title; the publisher gets everything.
func TestNoticeAPIAttackers(t *testing.T) {
	t.Parallel()
	w := newAccessWorld(t)
	id, aid := w.fill["notices/:id"], w.fill["attachments/:aid"]
	owner := w.fs.login(t, "hn_committee")
	paths := []string{"/api/v1/notices/" + id, "/api/v1/notices/" + id + "/status", "/api/v1/notices/" + id + "/people",
		"/api/v1/notices/" + id + "/export?format=csv", "/api/v1/notices/" + id + "/attachments/" + aid,
		"/notices/" + id, "/notices/" + id + "/status", "/notices/" + id + "/attachments/" + aid}
	for _, p := range paths {
		if st, _, _ := owner.fetch(p); st != 200 {
			t.Errorf("publisher GET %s: %d", p, st)
		}
		for _, name := range []string{"committee", "admin", "learner", "other_owner", "anonymous"} {
			st, _, body := w.attackers[name].fetch(p)
			if st < 300 || st >= 300 && st < 400 && name != "anonymous" || bytes.Contains(body, []byte("华南必读")) {
				t.Errorf("%s GET %s: %d %.80s", name, p, st, body)
			}
		}
	}
	// The learner of another branch posts what a script would.
	var e apiError
	st := w.attackers["learner"].do("POST", "/api/v1/notices", map[string]any{"title": "伪造通知",
		"unit_id": w.fs.unitID(t, unitPathOf("营销党支部"))}, &e)
	if st != 403 || !hasHan(e.Error.Message) {
		t.Errorf("learner publishes: %d %+v", st, e)
	}
	st = w.attackers["committee"].do("POST", "/api/v1/notices", map[string]any{"title": "越权通知",
		"unit_id": w.fs.unitID(t, unitPathOf("营销党支部"))}, &e)
	if st != 403 {
		t.Errorf("another subtree's committee publishes there: %d", st)
	}
	var list struct{ Notices []notice.Item }
	w.attackers["committee"].do("GET", "/api/v1/notices?scope=manage", nil, &list)
	w.attackers["learner"].do("GET", "/api/v1/notices", nil, &list)
	if len(list.Notices) != 0 {
		t.Errorf("outsider lists: %+v", list.Notices)
	}
}

func TestNoticeHTTPBadInputAndExport(t *testing.T) {
	t.Parallel()
	fs := newFullServer(t)
	c := fs.login(t, "demo_committee")
	unit := fs.unitID(t, demoNorth)
	var e apiError
	for name, body := range map[string]map[string]any{
		"script":      {"title": "通知", "body_html": "<script>alert(1)</script>", "unit_id": unit},
		"no title":    {"title": " ", "unit_id": unit},
		"other unit":  {"title": "通知", "unit_id": unit, "unit_ids": []int64{fs.unitID(t, demoSouth)}},
		"past expiry": {"title": "通知", "unit_id": unit, "expires_at": "2020-01-01T00:00:00+08:00"},
	} {
		if st := c.do("POST", "/api/v1/notices", body, &e); st != 400 || !hasHan(e.Error.Message) {
			t.Errorf("%s: %d %+v", name, st, e)
		}
	}
	if st := c.do("POST", "/api/v1/notices", map[string]any{"title": "通知", "unit_id": fs.unitID(t, demoSouth)}, &e); st != 403 {
		t.Errorf("to another subtree: %d", st)
	}
	var n notice.View
	if st := c.do("POST", "/api/v1/notices", map[string]any{"title": "导出测试", "unit_id": unit, "must_read": true}, &n); st != 201 {
		t.Fatalf("create: %d", st)
	}
	for name, data := range map[string][]byte{"fake.pdf": []byte("MZ\x90\x00 not a pdf"),
		"big.pdf": append([]byte("%PDF-1.4\n"), make([]byte, notice.MaxAttachmentBytes)...)} {
		ct, body := multipartFile(t, name, data)
		if st, out := c.quizRaw("POST", fmt.Sprintf("/api/v1/notices/%d/attachments", n.ID), ct, body); st != 400 || !hasHan(out) {
			t.Errorf("%s: %d %s", name, st, out)
		}
	}
	if st := c.do("POST", fmt.Sprintf("/api/v1/notices/%d/publish", n.ID), nil, &n); st != 200 || len(n.Attachments) != 0 {
		t.Fatalf("publish: %d %+v", st, n)
	}
	fs.login(t, "demo_learner").do("POST", fmt.Sprintf("/api/v1/notices/%d/read", n.ID), nil, nil)
	st, h, b := c.fetch(fmt.Sprintf("/api/v1/notices/%d/export?format=xlsx", n.ID))
	if st != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", st, h.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("阅读情况")
	var read, people int
	for _, r := range rows[1:] {
		people++
		if len(r) > 3 && r[3] == "已读" && r[1] == "张学员" {
			read++
		}
	}
	if rows[0][0] != "单位" || read != 1 || people < 20 {
		t.Errorf("xlsx rows: %d people, learner read %d; header %v", people, read, rows[0])
	}
	if st, _, _ := c.fetch(fmt.Sprintf("/api/v1/notices/%d/export?format=pdf", n.ID)); st != 400 {
		t.Errorf("export format pdf: %d", st)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
