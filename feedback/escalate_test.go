package feedback

import (
	"context"
	"strings"
	"testing"
	"time"

	"lms/org"
)

// A message not accepted in three working days goes up to the parent unit
// with a red mark; accepted but not answered in ten, it goes up again. The
// clock is moved, never slept on.
func TestEscalation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	committee := e.actor("demo_committee")
	general := e.newActor("hb_general", "生产党总支", org.RoleCommittee, "生产党总支")
	e.write(e.actor("demo_learner"), "第一党支部", true, "班组长作风粗暴。")
	id := e.idOf(committee, "班组长作风粗暴。")
	escalate := func(day time.Time, want int) {
		t.Helper()
		e.clock.Set(day)
		n, err := e.svc.Escalate(ctx)
		must(t, err)
		if n != want {
			t.Errorf("on %s: %d escalated, want %d", day.Format("01-02 Mon"), n, want)
		}
	}
	escalate(monday.AddDate(0, 0, 3), 0) // Thursday: the third working day is not over
	escalate(monday.AddDate(0, 0, 4), 1) // Friday
	escalate(monday.AddDate(0, 0, 4), 0) // the same day again: nothing more
	m, err := e.svc.Message(ctx, committee, id)
	must(t, err)
	if !m.Escalated() || m.EscalatedUnitName != "生产党总支" {
		t.Fatalf("after the accept deadline: escalation %d to %q", m.Escalation, m.EscalatedUnitName)
	}
	if got := e.told.got[general.UserID]; len(got) != 1 || !strings.Contains(got[0], "/feedback/messages/"+id) {
		t.Errorf("the general branch's committee was told: %v", got)
	}
	if got := e.told.got[committee.UserID]; len(got) != 0 {
		t.Errorf("the company's committee was told of an escalation to the branch below: %v", got)
	}
	list, _, err := e.svc.Inbox(ctx, committee, InboxFilter{})
	must(t, err)
	if len(list) == 0 || list[0].ID != id || !list[0].Escalated() {
		t.Errorf("escalated message not first in the inbox")
	}
	_, err = e.svc.Accept(ctx, committee, id)
	must(t, err)
	escalate(monday.AddDate(0, 0, 14), 0) // the tenth working day, 21 December
	escalate(monday.AddDate(0, 0, 15), 1)
	m, err = e.svc.Message(ctx, committee, id)
	must(t, err)
	if m.Escalation != 2 || m.Thread[len(m.Thread)-1].Kind != "escalate" {
		t.Errorf("after the answer deadline: %+v", m)
	}
}

// A unit's own deadlines apply to its subtree; messages already written
// keep theirs. Only a handler of the unit may change them.
func TestSettingsAndDeadlines(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	committee := e.actor("demo_committee")
	north := e.unitID("华北分公司党委")
	old := e.write(e.actor("demo_learner"), "第一党支部", true, "旧的。")
	_, err := e.svc.SetSettings(ctx, committee, north, Settings{AcceptDays: 1, AnswerDays: 5})
	must(t, err)
	st, err := e.svc.Settings(ctx, committee, e.unitID("第一党支部"))
	must(t, err)
	if st.AcceptDays != 1 || st.AnswerDays != 5 || !st.Inherited {
		t.Errorf("branch settings %+v", st)
	}
	fresh := e.write(e.actor("demo_learner"), "第一党支部", true, "新的。")
	if old.AcceptDue.String() != "2026-12-10" || fresh.AcceptDue.String() != "2026-12-08" || fresh.AnswerDue.String() != "2026-12-14" {
		t.Errorf("deadlines: old %s, new %s/%s", old.AcceptDue, fresh.AcceptDue, fresh.AnswerDue)
	}
	if _, err := e.svc.SetSettings(ctx, committee, north, Settings{AcceptDays: 5, AnswerDays: 2}); err == nil {
		t.Errorf("answer sooner than acceptance accepted")
	}
	south := e.newActor("hn_c", "华南分公司党委", org.RoleCommittee, "华南分公司党委")
	if _, err := e.svc.SetSettings(ctx, south, north, Settings{AcceptDays: 30, AnswerDays: 60}); err == nil {
		t.Errorf("another subtree's committee changed the settings")
	}
}
