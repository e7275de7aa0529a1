package feedback

import (
	"context"
	"testing"

	"lms/org"
)

// The demo seed writes its examples once; the answered one is public to
// its unit; the anonymous ones name no one to the committee.
func TestSeedDemo(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	actors := func(_ context.Context, username string) (*org.Actor, error) { return e.actor(username), nil }
	must(t, e.svc.SeedDemo(ctx, actors))
	must(t, e.svc.SeedDemo(ctx, actors))
	if n := e.count(`SELECT count(*) FROM feedback_messages`); n != len(demoMessages) {
		t.Errorf("%d messages after two seeds", n)
	}
	list, _, err := e.svc.Inbox(ctx, e.actor("demo_committee"), InboxFilter{})
	must(t, err)
	for _, m := range list {
		if m.Anonymous && m.AuthorName != "" {
			t.Errorf("seeded anonymous message names %s", m.AuthorName)
		}
	}
	pub, err := e.svc.PublicAnswers(ctx, e.actor("hb1_02"))
	must(t, err)
	if len(pub) != 1 {
		t.Errorf("public answers: %+v", pub)
	}
}

// Handlers are roles, not people: when the committee member who would
// have handled a message loses the role, the message is still there for
// the handlers who remain, and for whoever takes the role next.
func TestHandlerLeavingLosesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write(e.actor("demo_learner"), "第一党支部", true, "离任前的留言。")
	committee := e.actor("demo_committee")
	id := e.idOf(committee, "离任前的留言。")
	_, err := e.org.UpdateUser(ctx, org.System(), committee.UserID, org.UserPatch{Roles: &[]org.Grant{{Role: org.RoleLearner}}})
	must(t, err)
	if _, err := e.svc.Message(ctx, e.actor("demo_committee"), id); err == nil {
		t.Errorf("the former committee member still reads the message")
	}
	successor := e.newActor("hb_new_sec", "华北分公司党委", org.RoleCommittee, "华北分公司党委")
	if got := e.idOf(successor, "离任前的留言。"); got != id {
		t.Errorf("successor sees %s", got)
	}
	_, err = e.svc.Accept(ctx, successor, id)
	must(t, err)
}
