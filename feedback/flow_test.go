package feedback

import (
	"context"
	"strings"
	"testing"

	"lms/internal/apperr"
)

// A member writes anonymously to their branch; the committee over it
// accepts and answers without ever seeing who wrote; the author adds to
// the thread, reads the answer, rates it, and the message is closed.
func TestMessageLifeCycle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	learner, committee := e.actor("demo_learner"), e.actor("demo_committee")
	mine := e.write(learner, "第一党支部", true, "食堂晚餐供应时间太早，夜班职工吃不上饭。")
	if mine.Ref == "" || mine.ID != "" || mine.State != Pending {
		t.Fatalf("author's view: %+v", mine)
	}
	if got := mine.AcceptDue.String(); got != "2026-12-10" {
		t.Errorf("accept due %s, want three working days after Monday", got)
	}
	id := e.idOf(committee, mine.Body)
	m, err := e.svc.Message(ctx, committee, id)
	must(t, err)
	if m.AuthorName != "" || !m.Anonymous || m.Ref != "" {
		t.Errorf("handler sees the author: %+v", m)
	}
	_, err = e.svc.Accept(ctx, committee, id)
	must(t, err)
	_, err = e.svc.AddNote(ctx, learner, mine.Ref, "补充：主要是三车间夜班。")
	must(t, err)
	m, err = e.svc.Reply(ctx, committee, id, "已协调食堂自下周起延长供应至21点。")
	must(t, err)
	if m.State != Answered || m.AnsweredOn == nil {
		t.Errorf("after the reply: %+v", m)
	}
	mine, err = e.svc.Rate(ctx, learner, mine.Ref, "satisfied")
	must(t, err)
	if mine.State != Closed || mine.Rating != "satisfied" {
		t.Errorf("after the rating: %+v", mine)
	}
	kinds := []string{}
	for _, x := range mine.Thread {
		kinds = append(kinds, x.Kind)
		if x.ByAuthor && (x.At != nil || x.ActorName != "") {
			t.Errorf("an author's line keeps a moment or a name: %+v", x)
		}
	}
	if got := strings.Join(kinds, ","); got != "accept,note,reply,rate" {
		t.Errorf("thread %s", got)
	}
	if _, err := e.svc.AddNote(ctx, learner, mine.Ref, "再补充"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("note on a closed message: %v", err)
	}
	if _, err := e.svc.Rate(ctx, learner, mine.Ref, "unsatisfied"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second rating: %v", err)
	}
	if n := len(e.told.got[learner.UserID]); n != 2 {
		t.Errorf("author told %d times, want 2 (accepted, answered): %v", n, e.told.got)
	}
	for _, line := range e.told.got[learner.UserID] {
		if strings.Contains(line, id) || strings.Contains(line, mine.Ref) {
			t.Errorf("notification names the message: %s", line)
		}
	}
}

// A named message shows its author to handlers; the rules of the steps
// hold: no reply before acceptance, a rejection needs its reason.
func TestNamedMessageAndSteps(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	learner, admin := e.actor("demo_learner"), e.actor("demo_admin")
	e.write(learner, "示范能源集团", false, "建议集团开设党史学习专栏。")
	id := e.idOf(admin, "建议集团开设党史学习专栏。")
	m, err := e.svc.Message(ctx, admin, id)
	must(t, err)
	if m.AuthorName != "张学员" {
		t.Errorf("named message shows %q", m.AuthorName)
	}
	if _, err := e.svc.Reply(ctx, admin, id, "好"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("reply before acceptance: %v", err)
	}
	if _, err := e.svc.Reject(ctx, admin, id, "  "); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("rejection without reason: %v", err)
	}
	m, err = e.svc.Reject(ctx, admin, id, "已有同类专栏，请访问学习强国。")
	must(t, err)
	if m.State != Rejected || m.Thread[0].Body != "已有同类专栏，请访问学习强国。" || m.Thread[0].ActorName != "系统管理员" {
		t.Errorf("after rejection: %+v", m)
	}
}
