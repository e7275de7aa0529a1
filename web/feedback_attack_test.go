package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"lms/feedback"
	"lms/org"
)

// Attackers over HTTP: a committee of another subtree answering or
// reading a message, a member reading another's message by its id or by
// its author's link, a member writing off their path. Each is refused with
// a Chinese message and nothing changes.
func TestFeedbackAttackers(t *testing.T) {
	fs := newFeedbackServer(t)
	ctx := context.Background()
	_, err := fs.Org.CreateUser(ctx, org.System(), org.UserInput{Username: "hn_sec", DisplayName: "华南书记",
		UnitID: fs.unitID(t, demoSouth), Password: org.DemoPassword,
		Roles: []org.Grant{{Role: org.RoleLearner}, {Role: org.RoleCommittee, ScopeUnitID: fs.unitID(t, demoSouth)}}})
	if err != nil {
		t.Fatal(err)
	}
	author, south, other := fs.login(t, "demo_learner"), fs.login(t, "hn_sec"), fs.login(t, "hb1_01")
	st, mine := author.feedbackSend(fs.unitID(t, firstBranch), "problem", "会议室空调坏了。", true, nil)
	if st != 201 {
		t.Fatalf("send: %d", st)
	}
	var inbox struct{ Messages []feedback.Message }
	fs.login(t, "demo_committee").do("GET", "/api/v1/feedback/inbox", nil, &inbox)
	id := inbox.Messages[0].ID
	for _, c := range []*client{south, other} {
		for _, p := range []string{"/api/v1/feedback/messages/" + id, "/feedback/messages/" + id, "/api/v1/feedback/mine/" + mine.Ref,
			"/feedback/mine/" + mine.Ref} {
			wantRefused(t, c, "GET", p, "", 404)
		}
		for _, step := range []string{"accept", "reject", "reply", "close", "publish"} {
			wantRefused(t, c, "POST", "/api/v1/feedback/messages/"+id+"/"+step,
				`{"text":"越权答复","question":"问","answer":"答"}`, 404)
		}
		wantRefused(t, c, "POST", "/api/v1/feedback/mine/"+mine.Ref+"/notes", `{"text":"冒充补充"}`, 404)
		wantRefused(t, c, "POST", "/api/v1/feedback/mine/"+mine.Ref+"/rating", `{"rating":"unsatisfied"}`, 404)
	}
	wantRefused(t, other, "GET", "/api/v1/feedback/inbox", "", 403)
	wantRefused(t, other, "GET", "/api/v1/feedback/figures", "", 403)
	var list struct{ Messages []feedback.Message }
	south.do("GET", "/api/v1/feedback/inbox", nil, &list)
	if len(list.Messages) != 0 {
		t.Errorf("another subtree's inbox holds %d messages", len(list.Messages))
	}
	// Writing off one's path, by API and by the page's form.
	wantRefused(t, author, "POST", "/api/v1/feedback", `{"unit_id":`+itoa(fs.unitID(t, demoSouth))+`,"category":"opinion","body":"越级"}`, 403)
	st, body, _ := author.post("/feedback", url.Values{"unit_id": {itoa(fs.unitID(t, demoSouth))}, "category": {"opinion"}, "body": {"越级"}})
	if st != 403 || !strings.Contains(body, "只能向本人所在的党组织") || !strings.Contains(body, "越级") {
		t.Errorf("form off the path: %d, error or text not shown again", st)
	}
	var after feedback.Message
	author.do("GET", "/api/v1/feedback/mine/"+mine.Ref, nil, &after)
	if after.State != feedback.Pending || len(after.Thread) != 0 {
		t.Errorf("the message changed: %+v", after)
	}
	var all struct{ Messages []feedback.Message }
	author.do("GET", "/api/v1/feedback/mine", nil, &all)
	if len(all.Messages) != 1 {
		t.Errorf("%d messages stored", len(all.Messages))
	}
}

// Bad input over HTTP: oversized and disguised attachments, six files,
// script in the text. Each is a 400 with a Chinese message; nothing is
// stored.
func TestFeedbackBadInputHTTP(t *testing.T) {
	fs := newFeedbackServer(t)
	c := fs.login(t, "demo_learner")
	unit := fs.unitID(t, firstBranch)
	big := append(append([]byte{}, feedbackPDF...), make([]byte, 11<<20)...)
	six := map[string][]byte{}
	for _, n := range []string{"1", "2", "3", "4", "5", "6"} {
		six[n+".pdf"] = feedbackPDF
	}
	for name, tc := range map[string]struct {
		body  string
		files map[string][]byte
		want  string
	}{
		"oversized": {"见附件", map[string][]byte{"大.pdf": big}, "超过 10 MB"},
		"exe":       {"见附件", map[string][]byte{"a.pdf": []byte("MZ\x90\x00\x03\x00\x00\x00")}, "格式不支持"},
		"svg":       {"见附件", map[string][]byte{"a.png": []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}, "格式不支持"},
		"six":       {"见附件", six, "最多 5 个"},
		"script":    {`<script>alert(document.cookie)</script>`, nil, "不能包含 HTML"},
	} {
		st, data := c.feedbackSendRaw(unit, "problem", tc.body, true, tc.files)
		var e apiError
		_ = jsonUnmarshal(data, &e)
		if st != 400 || !strings.Contains(e.Error.Message, tc.want) {
			t.Errorf("%s: %d %q, want 400 %q", name, st, e.Error.Message, tc.want)
		}
	}
	var all struct{ Messages []feedback.Message }
	c.do("GET", "/api/v1/feedback/mine", nil, &all)
	if len(all.Messages) != 0 {
		t.Errorf("%d messages stored", len(all.Messages))
	}
}

func wantRefused(t *testing.T, c *client, method, path, body string, want int) {
	t.Helper()
	ct := ""
	if body != "" {
		ct = "application/json"
	}
	st, data, _ := c.raw(method, path, ct, strings.NewReader(body))
	if st != want {
		t.Errorf("%s %s: %d, want %d", method, path, st, want)
	}
	if !hasChinese(string(data)) {
		t.Errorf("%s %s: no Chinese message in %.200s", method, path, data)
	}
}

func hasChinese(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
