package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"lms/feedback"
)

var feedbackPDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// An anonymous message goes through its whole life — written with a PDF,
// added to, escalated, accepted, answered, published, rated — and then
// every response a committee member and an admin can get about it (API,
// pages, attachment, spreadsheet, audit log), and every log line the
// server wrote about feedback, is searched for the author's account id,
// username and name. None may hold any of them.
func TestFeedbackAnonymousNamesNoOne(t *testing.T) {
	fs := newFeedbackServer(t)
	author := fs.author(t, "fb_author_x", "匿名测试者甲")
	secret := []string{fmt.Sprint(author.ID), author.Username, author.DisplayName}
	me, committee, admin := fs.login(t, author.Username), fs.login(t, "demo_committee"), fs.login(t, "demo_admin")
	_, auditBefore, _ := admin.raw("GET", "/api/v1/audit", "", nil)
	branch := fs.unitID(t, firstBranch)
	st, mine := me.feedbackSend(branch, "problem", "车间夜班补贴长期未发放。", true, map[string][]byte{"证明.pdf": feedbackPDF})
	if st != 201 || mine.Ref == "" {
		t.Fatalf("send: %d %+v", st, mine)
	}
	me.do("POST", "/api/v1/feedback/mine/"+mine.Ref+"/notes", map[string]string{"text": "涉及三个班组。"}, nil)
	fs.Feedback.SetClock(func() time.Time { return time.Now().AddDate(0, 0, 7) })
	if n, err := fs.Feedback.Escalate(context.Background()); err != nil || n != 1 {
		t.Fatalf("escalate: %d %v", n, err)
	}
	var inbox struct{ Messages []feedback.Message }
	committee.do("GET", "/api/v1/feedback/inbox", nil, &inbox)
	if len(inbox.Messages) != 1 || inbox.Messages[0].Escalation != 1 {
		t.Fatalf("inbox: %+v", inbox)
	}
	id := inbox.Messages[0].ID
	var seen []string // every body a handler was sent
	keep := func(what string, st int, body []byte) {
		t.Helper()
		if st >= 400 {
			t.Errorf("%s: %d %s", what, st, body)
		}
		seen = append(seen, what+"\n"+string(body))
	}
	for _, step := range []struct{ path, body string }{
		{"accept", `{}`}, {"reply", `{"text":"已责成人力资源部本月补发。"}`},
		{"publish", `{"question":"有职工反映夜班补贴未发放。","answer":"本月补发。"}`},
	} {
		st, body, _ := committee.raw("POST", "/api/v1/feedback/messages/"+id+"/"+step.path, "application/json", strings.NewReader(step.body))
		keep(step.path, st, body)
	}
	if st, _, loc := me.post("/feedback/mine/"+mine.Ref+"/rating", url.Values{"rating": {"satisfied"}}); st != 303 || !strings.HasPrefix(loc, "/feedback/mine/") {
		t.Fatalf("rating: %d %s", st, loc)
	}
	var rated feedback.Message
	me.do("GET", "/api/v1/feedback/mine/"+mine.Ref, nil, &rated)
	if rated.State != feedback.Closed || rated.Rating != "satisfied" || len(rated.Thread) != 6 {
		t.Errorf("the author's view at the end: %+v", rated)
	}
	for _, c := range []*client{committee, admin} {
		for _, p := range feedbackHandlerPaths(id, branch) {
			st, body, _ := c.raw("GET", p, "", nil)
			if strings.HasSuffix(p, ".xlsx") {
				body = unzipAll(t, body)
			}
			keep(p, st, body)
		}
	}
	_, auditAfter, _ := admin.raw("GET", "/api/v1/audit", "", nil)
	if !bytes.Equal(auditBefore, auditAfter) {
		t.Errorf("the audit log changed:\nbefore %s\nafter  %s", auditBefore, auditAfter)
	}
	keep("audit page", 200, mustGet(t, admin, "/admin/audit?action=feedback"))
	for _, body := range seen {
		for _, s := range secret {
			if strings.Contains(body, s) {
				t.Errorf("a handler's response names the author (%q): %.300s", s, body)
			}
		}
	}
	checkFeedbackLogs(t, fs.logs.String(), secret)
	// The search is not blind: a named message does show its author.
	me.feedbackSend(branch, "opinion", "署名建议。", false, nil)
	if _, body := committee.get("/feedback/inbox"); !strings.Contains(body, "署名建议") {
		t.Fatal("named message missing")
	}
	var named struct{ Messages []feedback.Message }
	committee.do("GET", "/api/v1/feedback/inbox?state=pending", nil, &named)
	if len(named.Messages) != 1 || named.Messages[0].AuthorName != author.DisplayName {
		t.Errorf("named message: %+v", named.Messages)
	}
}

// feedbackHandlerPaths are every GET a handler has about a message.
func feedbackHandlerPaths(id string, unit int64) []string {
	u := fmt.Sprint(unit)
	return []string{"/api/v1/feedback/inbox", "/api/v1/feedback/messages/" + id, "/api/v1/feedback/messages/" + id + "/files/1",
		"/api/v1/feedback/public", "/api/v1/feedback/figures", "/api/v1/feedback/figures.xlsx", "/api/v1/feedback/settings/" + u,
		"/feedback", "/feedback/inbox", "/feedback/inbox?state=closed", "/feedback/messages/" + id, "/feedback/messages/" + id + "/files/1",
		"/feedback/public", "/feedback/figures", "/feedback/figures.xlsx", "/feedback/settings/" + u, "/notifications", "/"}
}

// checkFeedbackLogs: no line the server logged about feedback names the
// author; the author's own requests are logged without their account.
func checkFeedbackLogs(t *testing.T, logs string, secret []string) {
	t.Helper()
	lines := 0
	for _, line := range strings.Split(logs, "\n") {
		if !strings.Contains(line, "feedback") {
			continue
		}
		lines++
		for _, s := range secret {
			if strings.Contains(line, s) {
				t.Errorf("log line names the author (%q): %s", s, line)
			}
		}
	}
	if lines < 10 {
		t.Errorf("only %d feedback log lines: is the access log captured?", lines)
	}
}

func mustGet(t *testing.T, c *client, path string) []byte {
	t.Helper()
	st, body, _ := c.raw("GET", path, "", nil)
	if st != 200 {
		t.Fatalf("GET %s: %d", path, st)
	}
	return body
}

// unzipAll is the text of every part of an xlsx file.
func unzipAll(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not an xlsx: %v", err)
	}
	var out bytes.Buffer
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(&out, r)
		r.Close()
	}
	return out.Bytes()
}
