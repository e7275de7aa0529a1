package web

import (
	"fmt"
	"testing"

	"lms/feedback"
)

// feedback gives the access walk a message of the victim's subtree:
// hnyx_01 writes anonymously, with a PDF, to 营销党支部; the group's admin
// accepts and answers it, so every step a handler has is open to try.
func (w *accessWorld) feedback(t *testing.T) {
	t.Helper()
	author := w.fs.login(t, "hnyx_01")
	unit := w.fs.unitID(t, unitPathOf("营销党支部"))
	st, mine := author.feedbackSend(unit, "problem", "营销网点人手不足。", true, map[string][]byte{"情况.pdf": feedbackPDF})
	if st != 201 {
		t.Fatalf("feedback: %d", st)
	}
	root := w.fs.login(t, "demo_admin")
	var inbox struct{ Messages []feedback.Message }
	root.do("GET", "/api/v1/feedback/inbox", nil, &inbox)
	if len(inbox.Messages) != 1 {
		t.Fatalf("admin's inbox: %+v", inbox)
	}
	id := inbox.Messages[0].ID
	for _, step := range []string{"accept", "reply"} {
		if st := root.do("POST", "/api/v1/feedback/messages/"+id+"/"+step, map[string]string{"text": "已安排。"}, nil); st != 200 {
			t.Fatalf("%s: %d", step, st)
		}
	}
	w.fill["mine/:ref"] = mine.Ref
	w.fill["messages/:fid"] = id
	w.fill["files/:fn"] = "1"
	w.fill["settings/:funit"] = fmt.Sprint(unit)
}
