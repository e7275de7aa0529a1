package notice

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"lms/internal/apperr"
)

func TestNoticeStatusByUnitAndRemind(t *testing.T) {
	e := newEnv(t)
	n := e.publish(Input{Title: "必读：学习贯彻会议精神", MustRead: true, Roles: []string{"learner"}})
	_, err := e.svc.Open(e.ctx, e.l1, n.ID)
	must(t, err)
	st, err := e.svc.Status(e.ctx, e.committee, n.ID, 0)
	must(t, err)
	if st.Audience != 3 || st.Read != 1 || st.Unread != 2 {
		t.Fatalf("totals: %+v", st)
	}
	by := map[string]UnitStatus{}
	for _, u := range st.Units {
		by[u.Name] = u
	}
	if by["一支部"].Read != 1 || by["一支部"].Unread != 1 || by["二支部"].Unread != 1 {
		t.Errorf("by unit: %+v", st.Units)
	}
	// Drill into 一支部: its people, the unread one alone.
	list, _, err := e.svc.People(e.ctx, e.committee, n.ID, e.units["一支部"], "unread", 1)
	must(t, err)
	if len(list) != 1 || list[0].UserID != e.l2.UserID {
		t.Errorf("unread of 一支部: %+v", list)
	}
	var csv bytes.Buffer
	name, err := e.svc.Export(e.ctx, e.committee, n.ID, 0, "csv", &csv)
	must(t, err)
	if !strings.HasSuffix(name, ".csv") || !strings.Contains(csv.String(), "学员一,学员一,已读") ||
		!strings.Contains(csv.String(), "学员三,学员三,未读") {
		t.Errorf("csv %s:\n%s", name, csv.String())
	}
	r, err := e.svc.Remind(e.ctx, e.committee, n.ID)
	must(t, err)
	if r.SentAt == nil || r.Recipients != 2 {
		t.Errorf("reminder: %+v", r)
	}
	bell := `SELECT count(*) FROM notifications WHERE kind = 'notice_remind' AND user_id = $1`
	if e.count(bell, e.l2.UserID) != 1 || e.count(bell, e.l3.UserID) != 1 || e.count(bell, e.l1.UserID) != 0 {
		t.Errorf("reminded the wrong people")
	}
	// A retried job sends nothing twice; a second click is refused.
	must(t, e.svc.Deliver(e.ctx, r.ID))
	_, err = e.svc.Remind(e.ctx, e.committee, n.ID)
	wantKind(t, "remind again at once", err, apperr.Conflict)
	if got := e.count(`SELECT count(*) FROM notifications`); got != 2 {
		t.Errorf("notifications: %d", got)
	}
	e.clock.Add(11 * time.Minute)
	if _, err := e.svc.Remind(e.ctx, e.committee, n.ID); err != nil {
		t.Errorf("remind after the gap: %v", err)
	}
}

func TestNoticeRemindOnlyMustRead(t *testing.T) {
	e := newEnv(t)
	n := e.publish(Input{Title: "普通通知"})
	_, err := e.svc.Remind(e.ctx, e.committee, n.ID)
	wantKind(t, "remind a plain notice", err, apperr.Invalid)
	_, err = e.svc.Export(e.ctx, e.committee, n.ID, 0, "gift", &bytes.Buffer{})
	wantKind(t, "export format", err, apperr.Invalid)
}
