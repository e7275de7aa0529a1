package notice

import (
	"testing"
	"time"

	"lms/internal/apperr"
)

func TestNoticeAudienceReadsOnce(t *testing.T) {
	e := newEnv(t)
	n := e.publish(Input{Title: "关于开展主题党日的通知", BodyHTML: "第一行\n第二行"})
	if n.BodyHTML != "<p>第一行</p>\n<p>第二行</p>" {
		t.Errorf("body %q", n.BodyHTML)
	}
	if c, _ := e.svc.UnreadCount(e.ctx, e.l1); c != 1 {
		t.Errorf("unread before opening: %d", c)
	}
	for range 2 {
		v, err := e.svc.Open(e.ctx, e.l1, n.ID)
		must(t, err)
		if !v.Read || !v.Reader || v.Manage {
			t.Errorf("reader's view: %+v", v)
		}
	}
	if got := e.count(`SELECT count(*) FROM notice_reads WHERE notice_id = $1`, n.ID); got != 1 {
		t.Errorf("read rows after two openings: %d", got)
	}
	if c, _ := e.svc.UnreadCount(e.ctx, e.l1); c != 0 {
		t.Errorf("unread after opening: %d", c)
	}
	// Outside the subtree the notice does not exist, by any way in.
	_, err := e.svc.Open(e.ctx, e.outsider, n.ID)
	wantKind(t, "outsider opens", err, apperr.NotFound)
	list, _, err := e.svc.Mine(e.ctx, e.outsider, 1)
	must(t, err)
	if len(list) != 0 {
		t.Errorf("outsider's list: %+v", list)
	}
	if got := e.count(`SELECT count(*) FROM notice_reads WHERE notice_id = $1`, n.ID); got != 1 {
		t.Errorf("read rows after the outsider: %d", got)
	}
}

func TestNoticeNarrowedToUnitsAndRoles(t *testing.T) {
	e := newEnv(t)
	byUnit := e.publish(Input{Title: "一支部通知", UnitIDs: []int64{e.units["一支部"]}})
	byRole := e.publish(Input{Title: "讲师通知", Roles: []string{"trainer"}})
	cases := []struct {
		who          string
		v            Viewer
		unit, role   bool
		unreadWanted int
	}{
		{"一支部 learner", e.l1, true, false, 1},
		{"二支部 learner", e.l3, false, false, 0},
		{"二支部 trainer", e.trainer, false, true, 1},
		{"乙党委 learner", e.outsider, false, false, 0},
	}
	for _, c := range cases {
		_, err := e.svc.Get(e.ctx, c.v, byUnit.ID)
		if (err == nil) != c.unit {
			t.Errorf("%s sees the branch's notice: %v", c.who, err)
		}
		_, err = e.svc.Get(e.ctx, c.v, byRole.ID)
		if (err == nil) != c.role {
			t.Errorf("%s sees the trainers' notice: %v", c.who, err)
		}
		if n, _ := e.svc.UnreadCount(e.ctx, c.v); n != c.unreadWanted {
			t.Errorf("%s unread %d, want %d", c.who, n, c.unreadWanted)
		}
	}
	st, err := e.svc.Status(e.ctx, e.committee, byRole.ID, 0)
	must(t, err)
	if st.Audience != 1 {
		t.Errorf("trainers' audience %d, want 1", st.Audience)
	}
}

func TestNoticeLifeCycle(t *testing.T) {
	e := newEnv(t)
	d, err := e.svc.Create(e.ctx, e.committee, Input{Title: "草稿", UnitID: e.units["甲党委"], MustRead: true})
	must(t, err)
	_, err = e.svc.Get(e.ctx, e.l1, d.ID)
	wantKind(t, "draft to reader", err, apperr.NotFound)
	_, err = e.svc.Publish(e.ctx, e.committee, d.ID)
	must(t, err)
	_, err = e.svc.Update(e.ctx, e.committee, d.ID, Input{Title: "改", UnitID: e.units["甲党委"]})
	wantKind(t, "update published", err, apperr.Conflict)
	_, err = e.svc.Open(e.ctx, e.l1, d.ID)
	must(t, err)
	_, err = e.svc.Withdraw(e.ctx, e.committee, d.ID)
	must(t, err)
	_, err = e.svc.Get(e.ctx, e.l1, d.ID)
	wantKind(t, "withdrawn to reader", err, apperr.NotFound)
	if n, _ := e.svc.UnreadCount(e.ctx, e.l2); n != 0 {
		t.Errorf("withdrawn notice still under the bell: %d", n)
	}
	st, err := e.svc.Status(e.ctx, e.committee, d.ID, 0)
	must(t, err)
	if st.Read != 1 || st.Audience != 5 { // the committee member and the trainer too
		t.Errorf("withdrawn notice's status: read %d of %d", st.Read, st.Audience)
	}
	_, err = e.svc.Withdraw(e.ctx, e.committee, d.ID)
	wantKind(t, "withdraw twice", err, apperr.Conflict)
}

func TestNoticeExpires(t *testing.T) {
	e := newEnv(t)
	exp := e.clock.Now().Add(48 * time.Hour)
	n := e.publish(Input{Title: "限期通知", ExpiresAt: &exp})
	_, err := e.svc.Get(e.ctx, e.l1, n.ID)
	must(t, err)
	e.clock.Add(49 * time.Hour)
	_, err = e.svc.Get(e.ctx, e.l1, n.ID)
	wantKind(t, "expired", err, apperr.NotFound)
	if _, err := e.svc.Get(e.ctx, e.committee, n.ID); err != nil {
		t.Errorf("publisher loses an expired notice: %v", err)
	}
}
