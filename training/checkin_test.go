package training

import (
	"testing"
	"time"

	"lms/internal/apperr"
)

func checkins(e *env, sessionID int64) int {
	var n int
	must(e.t, e.pool.QueryRow(e.ctx, `SELECT count(*) FROM training_checkins WHERE session_id = $1`, sessionID).Scan(&n))
	return n
}

// The code on the head teacher's screen changes every 30 s. A scan is good
// in its window and the next; a screenshot forwarded home and used after
// that is refused, as are a forged token, another session's code, a
// learner not in the class, and a scan outside the session's time.
func TestCheckinCodeGoesStaleAndCannotBeForged(t *testing.T) {
	e := newEnv(t, 3)
	c := e.class(nil)
	must(t, e.svc.AssignUnits(e.ctx, e.committee, e.org, c.ID, []int64{e.units["A"]}, ""))
	ss := e.session(c.ID)
	other := e.session(c.ID)
	w, tok := e.code(ss.ID)
	if _, err := e.svc.Scan(e.ctx, e.learners[0], ss.ID, w, tok); err != nil {
		t.Fatalf("fresh code: %v", err)
	}
	e.clock.Add(30 * time.Second) // the screen shows the next code
	if ck, err := e.svc.Scan(e.ctx, e.learners[1], ss.ID, w, tok); err != nil || ck.Late {
		t.Fatalf("code of the previous window: %v (late %v)", err, ck != nil && ck.Late)
	}
	e.clock.Add(30 * time.Second) // and the one after: the screenshot is stale
	if _, err := e.svc.Scan(e.ctx, e.learners[2], ss.ID, w, tok); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("stale screenshot: %v", err)
	}
	cur, curTok := e.code(ss.ID)
	for name, try := range map[string]func() error{
		"forged token": func() error {
			_, err := e.svc.Scan(e.ctx, e.learners[2], ss.ID, cur, "AAAAAAAAAAAAAAAAAAAAAA")
			return err
		},
		"future window":    func() error { _, err := e.svc.Scan(e.ctx, e.learners[2], ss.ID, cur+1, curTok); return err },
		"other session":    func() error { _, err := e.svc.Scan(e.ctx, e.learners[2], other.ID, cur, curTok); return err },
		"not in the class": func() error { _, err := e.svc.Scan(e.ctx, e.outsider, ss.ID, cur, curTok); return err },
	} {
		if err := try(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if n := checkins(e, ss.ID) + checkins(e, other.ID); n != 2 {
		t.Errorf("check-ins = %d, want 2", n)
	}
	e.clock.Add(3 * time.Hour) // after the session
	late, lateTok := e.code(ss.ID)
	if _, err := e.svc.Scan(e.ctx, e.learners[2], ss.ID, late, lateTok); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("after the session: %v", err)
	}
}

// A check-in after the grace period is late; the head teacher can tick
// someone off and the attendance list counts who is absent.
func TestLateAndTickedOffAreCounted(t *testing.T) {
	e := newEnv(t, 3)
	c := e.class(nil)
	must(t, e.svc.AssignUnits(e.ctx, e.committee, e.org, c.ID, []int64{e.units["A"]}, ""))
	ss := e.session(c.ID)
	e.clock.Add(20 * time.Minute)
	w, tok := e.code(ss.ID)
	ck, err := e.svc.Scan(e.ctx, e.learners[0], ss.ID, w, tok)
	if err != nil || !ck.Late {
		t.Fatalf("scan 20 min in: %v late=%v", err, ck != nil && ck.Late)
	}
	must(t, e.svc.Mark(e.ctx, e.committee, ss.ID, []int64{e.learners[1].UserID}, true))
	if err := e.svc.Mark(e.ctx, e.committee, ss.ID, []int64{e.outsider.UserID}, true); err == nil {
		t.Error("ticked off someone not in the class")
	}
	if err := e.svc.Mark(e.ctx, e.learners[0], ss.ID, []int64{e.learners[2].UserID}, true); err == nil {
		t.Error("a learner ticked someone off")
	}
	list, err := e.svc.Attendance(e.ctx, e.committee, ss.ID)
	must(t, err)
	present, absent := 0, 0
	for _, a := range list {
		if a.Present {
			present++
		} else {
			absent++
		}
	}
	if present != 2 || absent != 1 {
		t.Errorf("present %d absent %d, want 2 and 1", present, absent)
	}
	st, err := e.svc.MyStanding(e.ctx, e.learners[0], c.ID)
	must(t, err)
	if st.Late != 1 || st.Attended != 1 {
		t.Errorf("standing: %+v", st)
	}
}
