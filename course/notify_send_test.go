package course

import (
	"mime"
	"net/mail"
	"strings"
	"testing"
)

// Another feature's notification (a notice's reminder) lands under the
// bell once per person and is mailed at once to those with an address.
func TestNotifyForOtherFeatures(t *testing.T) {
	f, srv, _ := mailFixture(t)
	ids := []int64{f.actor("demo_learner").UserID, f.actor("hb1_01").UserID}
	for range 2 {
		n, err := f.svc.Notify(f.ctx, ids, "notice_remind", 7, "请阅读必读通知《冬季集中学习》", "/notices/7")
		must(t, err)
		if n != 0 && n != 2 {
			t.Errorf("notified %d", n)
		}
	}
	msgs := srv.messages()
	if len(msgs) != 1 || msgs[0].to[0] != learnerEmail {
		t.Fatalf("messages: %+v", msgs)
	}
	m, err := mail.ReadMessage(strings.NewReader(msgs[0].data))
	must(t, err)
	if subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); subject != "请阅读必读通知《冬季集中学习》" {
		t.Errorf("subject %q", subject)
	}
	list, unread, err := f.svc.Notifications(f.ctx, f.actor("hb1_01"), 10)
	must(t, err)
	if unread != 1 || len(list) != 1 || list[0].Link != "/notices/7" {
		t.Errorf("hb1_01's bell: %d %+v", unread, list)
	}
}
