package notice

import (
	"bytes"
	"strings"
	"testing"

	"lms/internal/apperr"
)

// A committee of another subtree, with a script, gets nothing of a notice
// that is not theirs: every call is "not found", nothing changes.
func TestNoticeOtherCommitteeGetsNothing(t *testing.T) {
	e := newEnv(t)
	n := e.publish(Input{Title: "甲党委必读", MustRead: true})
	d, err := e.svc.Create(e.ctx, e.committee, Input{Title: "甲草稿", UnitID: e.units["甲党委"]})
	must(t, err)
	o := e.other
	calls := map[string]error{}
	_, calls["get"] = e.svc.Get(e.ctx, o, n.ID)
	_, calls["open"] = e.svc.Open(e.ctx, o, n.ID)
	_, calls["status"] = e.svc.Status(e.ctx, o, n.ID, 0)
	_, _, calls["people"] = e.svc.People(e.ctx, o, n.ID, 0, "", 1)
	_, calls["export"] = e.svc.Export(e.ctx, o, n.ID, 0, "csv", &bytes.Buffer{})
	_, calls["remind"] = e.svc.Remind(e.ctx, o, n.ID)
	_, calls["reminders"] = e.svc.Reminders(e.ctx, o, n.ID)
	_, calls["withdraw"] = e.svc.Withdraw(e.ctx, o, n.ID)
	_, calls["publish draft"] = e.svc.Publish(e.ctx, o, d.ID)
	_, calls["update draft"] = e.svc.Update(e.ctx, o, d.ID, Input{Title: "改", UnitID: e.units["乙党委"]})
	_, calls["attach"] = e.svc.Attach(e.ctx, o, d.ID, "a.pdf", strings.NewReader("%PDF-1.4\n"))
	for name, err := range calls {
		wantKind(t, name, err, apperr.NotFound)
	}
	// Its own status with a unit of the other subtree is refused too.
	_, err = e.svc.Status(e.ctx, e.committee, n.ID, e.units["乙党委"])
	wantKind(t, "status at a unit outside", err, apperr.NotFound)
	_, err = e.svc.Create(e.ctx, o, Input{Title: "越权", UnitID: e.units["甲党委"]})
	wantKind(t, "publish to another subtree", err, apperr.Forbidden)
	_, err = e.svc.Create(e.ctx, e.l1, Input{Title: "学员发布", UnitID: e.units["一支部"]})
	wantKind(t, "learner publishes", err, apperr.Forbidden)
	if got := e.count(`SELECT count(*) FROM notices WHERE state = 'published'`); got != 1 {
		t.Errorf("published notices: %d", got)
	}
	if got := e.count(`SELECT count(*) FROM notice_reminders`) + e.count(`SELECT count(*) FROM notice_attachments`); got != 0 {
		t.Errorf("reminders or attachments made: %d", got)
	}
}

func TestNoticeBadInput(t *testing.T) {
	e := newEnv(t)
	unit := e.units["甲党委"]
	past := e.clock.Now().Add(-1)
	for name, in := range map[string]Input{
		"empty title":     {UnitID: unit},
		"tag in title":    {Title: "<b>标题</b>", UnitID: unit},
		"script in body":  {Title: "通知", BodyHTML: "<p>x</p><script>alert(1)</script>", UnitID: unit},
		"handler in body": {Title: "通知", BodyHTML: `<img src=x onerror="alert(1)">`, UnitID: unit},
		"js link":         {Title: "通知", BodyHTML: `<a href="javascript:alert(1)">x</a>`, UnitID: unit},
		"past expiry":     {Title: "通知", UnitID: unit, ExpiresAt: &past},
		"unknown role":    {Title: "通知", UnitID: unit, Roles: []string{"root"}},
		"no unit":         {Title: "通知"},
		"unit outside":    {Title: "通知", UnitID: unit, UnitIDs: []int64{e.units["乙党委"]}},
		"long title":      {Title: strings.Repeat("长", 201), UnitID: unit},
	} {
		_, err := e.svc.Create(e.ctx, e.committee, in)
		wantKind(t, name, err, apperr.Invalid)
		if err != nil && !hasHan(err.Error()) {
			t.Errorf("%s: message not in Chinese: %v", name, err)
		}
	}
	if got := e.count(`SELECT count(*) FROM notices`); got != 0 {
		t.Errorf("notices made from bad input: %d", got)
	}
	d, err := e.svc.Create(e.ctx, e.committee, Input{Title: "附件", UnitID: unit, BodyHTML: `<p style="color:red">正文<b>粗</b></p>`})
	must(t, err)
	if strings.Contains(d.BodyHTML, "style") || !strings.Contains(d.BodyHTML, "<b>粗</b>") {
		t.Errorf("sanitised body: %q", d.BodyHTML)
	}
	for name, body := range map[string][]byte{
		"exe":      append([]byte("MZ"), make([]byte, 100)...),
		"html":     []byte("<html><script>alert(1)</script></html>"),
		"empty":    nil,
		"oversize": append([]byte("%PDF-1.4\n"), make([]byte, MaxAttachmentBytes)...),
	} {
		_, err := e.svc.Attach(e.ctx, e.committee, d.ID, name+".pdf", bytes.NewReader(body))
		wantKind(t, "attachment "+name, err, apperr.Invalid)
	}
	if got := e.count(`SELECT count(*) FROM notice_attachments`); got != 0 {
		t.Errorf("attachments kept from bad files: %d", got)
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
