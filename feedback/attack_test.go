package feedback

import (
	"context"
	"fmt"
	"testing"

	"lms/internal/apperr"
	"lms/org"
)

// A member may write only to units on their own path.
func TestWriteOffPathRefused(t *testing.T) {
	e := newEnv(t)
	learner := e.actor("demo_learner")
	for _, unit := range []string{"华南分公司党委", "第二党支部", "集团机关党委"} {
		_, err := e.svc.Submit(context.Background(), learner, NewMessage{UnitID: e.unitID(unit), Category: "opinion", Body: "越级"})
		if !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("writing to %s: %v", unit, err)
		}
	}
	_, err := e.svc.Submit(context.Background(), learner, NewMessage{UnitID: 999999, Category: "opinion", Body: "不存在"})
	if !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("writing to a unit that does not exist: %v", err)
	}
	if n := e.count(`SELECT count(*) FROM feedback_messages`); n != 0 {
		t.Errorf("%d messages stored", n)
	}
}

// A committee of another subtree can neither read nor change a message,
// nor its attachments; the message is as it was.
func TestOtherSubtreeHandlerRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	south := e.newActor("hn_committee", "华南分公司党委", org.RoleCommittee, "华南分公司党委")
	branch := e.newActor("hb1_secretary", "第二党支部", org.RoleCommittee, "第二党支部")
	e.write(e.actor("demo_learner"), "第一党支部", true, "车间通风不好。")
	id := e.idOf(e.actor("demo_committee"), "车间通风不好。")
	for _, a := range []*org.Actor{south, branch, e.actor("hnyx_01"), e.actor("demo_trainer")} {
		if _, err := e.svc.Message(ctx, a, id); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s reads: %v", a.Username, err)
		}
		if _, err := e.svc.Accept(ctx, a, id); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s accepts: %v", a.Username, err)
		}
		if _, err := e.svc.Reject(ctx, a, id, "不管"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s rejects: %v", a.Username, err)
		}
		if _, _, err := e.svc.File(ctx, a, id, 1); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s opens a file: %v", a.Username, err)
		}
		if _, err := e.svc.Publish(ctx, a, id, PublicInput{Question: "问", Answer: "答"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s publishes: %v", a.Username, err)
		}
	}
	if list, _, err := e.svc.Inbox(ctx, south, InboxFilter{}); err != nil || len(list) != 0 {
		t.Errorf("south's inbox: %v %v", list, err)
	}
	if n := e.count(`SELECT count(*) FROM feedback_entries`); n != 0 {
		t.Errorf("%d thread lines written", n)
	}
	if n := e.count(`SELECT count(*) FROM feedback_messages WHERE state = 'pending'`); n != 1 {
		t.Errorf("message changed")
	}
}

// Another member with the author's link, or a handler with it, reaches
// nothing: links resolve only under their author's key.
func TestAuthorLinkIsTheAuthors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mine := e.write(e.actor("demo_learner"), "第一党支部", true, "宿舍热水时有时无。")
	for _, a := range []*org.Actor{e.actor("hb1_01"), e.actor("demo_committee"), e.actor("demo_admin")} {
		if _, err := e.svc.Mine(ctx, a, mine.Ref); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s reads by the author's link: %v", a.Username, err)
		}
		if _, err := e.svc.AddNote(ctx, a, mine.Ref, "冒充"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s adds to the thread: %v", a.Username, err)
		}
		if _, err := e.svc.Rate(ctx, a, mine.Ref, "unsatisfied"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s rates: %v", a.Username, err)
		}
		if list, err := e.svc.MyMessages(ctx, a); err != nil || len(list) != 0 {
			t.Errorf("%s's own list: %v %v", a.Username, list, err)
		}
	}
	// Nor does the handler's id work as an author's link.
	id := e.idOf(e.actor("demo_committee"), "宿舍热水时有时无。")
	if _, err := e.svc.Mine(ctx, e.actor("demo_learner"), id); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("message id as a link: %v", err)
	}
}

// The stored rows of an anonymous message hold no trace of the author's
// account: not the id, not the name, not the username, in any column.
func TestAnonymousRowsHoldNoAuthor(t *testing.T) {
	e := newEnv(t)
	learner := e.actor("demo_learner")
	e.write(learner, "第一党支部", true, "匿名反映：考勤制度执行不一。")
	// Dates, positions, sizes and unit ids are taken out: they are no
	// one's account, but their digits could look like one.
	const strip = ` - 'unit_id' - 'escalated_unit_id' - 'submitted_on' - 'accept_due' - 'answer_due' - 'answered_on'` +
		` - 'day' - 'n' - 'size' - 'seq' - 'escalation'`
	for _, table := range []string{"feedback_messages", "feedback_authors", "feedback_entries", "feedback_files"} {
		// A number equal to the account id, or the name or username
		// anywhere in the row (ids and keys are letters and hex, so they
		// are matched as whole numbers only).
		n := e.count(`SELECT count(*) FROM `+table+` t WHERE EXISTS (SELECT 1 FROM jsonb_each(to_jsonb(t)`+strip+`) kv
			WHERE jsonb_typeof(kv.value) = 'number' AND kv.value::text = $1)
			OR to_jsonb(t)::text LIKE '%' || $2 || '%' OR to_jsonb(t)::text LIKE '%' || $3 || '%'`,
			fmt.Sprint(learner.UserID), learner.Username, learner.DisplayName)
		if n != 0 {
			t.Errorf("%s: %d rows mention the author", table, n)
		}
	}
	if n := e.count(`SELECT count(*) FROM feedback_messages WHERE author_id IS NOT NULL`); n != 0 {
		t.Errorf("anonymous message keeps an author")
	}
}
