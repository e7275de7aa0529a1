package training

import (
	"strings"
	"testing"

	"lms/internal/apperr"
)

// courseDone makes a published course of hours that the learner completed
// and was credited for, as the course feature records it.
func (e *env) courseDone(hours float64, userID int64) int64 {
	var id int64
	must(e.t, e.pool.QueryRow(e.ctx, `INSERT INTO courses (title, hours, state, unit_path, created_by)
		VALUES ('在线课程', $1, 'published', 'u1', 1) RETURNING id`, hours).Scan(&id))
	if userID != 0 {
		_, err := e.pool.Exec(e.ctx, `INSERT INTO enrollments (user_id, course_id, year, state, completed_at) VALUES ($1, $2, 2026, 'completed', now());
			`, userID, id)
		must(e.t, err)
		_, err = e.pool.Exec(e.ctx, `INSERT INTO credit_ledger (user_id, course_id, year, hours, credited_on) VALUES ($1, $2, 2026, $3, '2026-03-01')`,
			userID, id, hours)
		must(e.t, err)
	}
	return id
}

// Closing: who met the assessment is 结业 with the class's hours once (less
// the hours of the class's own course already credited), a certificate
// and nothing missing; who did not is 未结业 with the reason. A second close
// is refused and changes nothing.
func TestCloseCreditsOnceAndNotTwice(t *testing.T) {
	e := newEnv(t, 2)
	done, absent := e.learners[0], e.learners[1]
	crs := e.courseDone(2, done.UserID)
	c := e.class(nil)
	must(t, e.svc.AssignUnits(e.ctx, e.committee, e.org, c.ID, []int64{e.units["A"]}, ""))
	must(t, e.svc.AddCourse(e.ctx, e.committee, c.ID, crs, true))
	ss := e.session(c.ID)
	w, tok := e.code(ss.ID)
	if _, err := e.svc.Scan(e.ctx, done, ss.ID, w, tok); err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.MyStanding(e.ctx, absent, c.ID)
	must(t, err)
	if st.Met || len(st.Missing) != 2 {
		t.Errorf("absent learner's missing: %v", st.Missing)
	}
	rep, err := e.svc.Close(e.ctx, e.committee, c.ID)
	must(t, err)
	if rep.Completed != 1 || rep.Failed != 1 || rep.Certificates != 1 {
		t.Errorf("close: %+v", rep)
	}
	if n, h := e.ledgerHours(done.UserID, KindTraining); n != 1 || h != 10 {
		t.Errorf("ledger of the completer: %d entries, %g hours; want 1 of 10 (12 less the course's 2)", n, h)
	}
	if n, _ := e.ledgerHours(absent.UserID, KindTraining); n != 0 {
		t.Errorf("the absent learner was credited")
	}
	r, err := e.svc.MyResult(e.ctx, absent, c.ID)
	must(t, err)
	if r.Completed || !strings.Contains(r.Reason, "出勤率") || !strings.Contains(r.Reason, "必修课程") {
		t.Errorf("未结业 reason: %+v", r)
	}
	if _, err := e.svc.Close(e.ctx, e.committee, c.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second close: %v", err)
	}
	if n, h := e.ledgerHours(done.UserID, KindTraining); n != 1 || h != 10 {
		t.Errorf("after the second close: %d entries, %g hours", n, h)
	}
	if _, err := e.svc.AddPeople(e.ctx, e.committee, c.ID, []int64{absent.UserID}, "named"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("roster changed after close: %v", err)
	}
}

// The head teacher corrects one person with a recorded reason: 未结业 →
// 结业 credits and certifies; 结业 → 未结业 takes both back, and the
// public check then says the certificate is revoked.
func TestCorrectionKeepsTheReason(t *testing.T) {
	e := newEnv(t, 2)
	teacher := e.actor("head_teacher", "A", "")
	c := e.class(func(in *ClassInput) { in.TeacherIDs = []int64{teacher.UserID} })
	must(t, e.svc.AssignUnits(e.ctx, e.committee, e.org, c.ID, []int64{e.units["A"]}, ""))
	ss := e.session(c.ID)
	w, tok := e.code(ss.ID)
	_, err := e.svc.Scan(e.ctx, e.learners[0], ss.ID, w, tok)
	must(t, err)
	if _, err := e.svc.Close(e.ctx, teacher, c.ID); err != nil {
		t.Fatalf("head teacher closes: %v", err)
	}
	if err := e.svc.Correct(e.ctx, teacher, c.ID, e.learners[1].UserID, Correction{Completed: true}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("correction without a reason: %v", err)
	}
	if err := e.svc.Correct(e.ctx, e.otherCom, c.ID, e.learners[1].UserID, Correction{Completed: true, Reason: "x"}); err == nil {
		t.Error("B's committee corrected A's class")
	}
	must(t, e.svc.Correct(e.ctx, teacher, c.ID, e.learners[1].UserID, Correction{Completed: true, Reason: "病假，已补课"}))
	e.reportAgrees()
	if n, h := e.ledgerHours(e.learners[1].UserID, KindTraining); n != 1 || h != 12 {
		t.Errorf("corrected learner's ledger: %d, %g", n, h)
	}
	must(t, e.svc.Correct(e.ctx, teacher, c.ID, e.learners[0].UserID, Correction{Reason: "代签到，查实"}))
	if n, _ := e.ledgerHours(e.learners[0].UserID, KindTraining); n != 0 {
		t.Errorf("hours of a revoked 结业 stayed in the ledger")
	}
	e.reportAgrees()
	certs, err := e.svc.MyCertificates(e.ctx, e.learners[0])
	must(t, err)
	if len(certs) != 1 {
		t.Fatalf("certificates: %d", len(certs))
	}
	v, err := e.svc.Verify(e.ctx, strings.ToLower(certs[0].Serial))
	if err != nil || v.RevokedAt == nil || v.RevokedWhy != "代签到，查实" {
		t.Errorf("verify a revoked certificate: %+v %v", v, err)
	}
	var corr string
	must(t, e.pool.QueryRow(e.ctx, `SELECT correction FROM training_results WHERE class_id = $1 AND user_id = $2`,
		c.ID, e.learners[1].UserID).Scan(&corr))
	if corr != "病假，已补课" {
		t.Errorf("recorded reason %q", corr)
	}
}

func TestUnknownSerialIsNotFound(t *testing.T) {
	e := newEnv(t, 0)
	for _, serial := range []string{"", "ABC", strings.Repeat("A", 32), "'; DROP TABLE certificates; --"} {
		if _, err := e.svc.Verify(e.ctx, serial); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%q: %v", serial, err)
		}
	}
}

func TestJudge(t *testing.T) {
	quiz := int64(1)
	c := &Class{MinAttendance: 80, QuizID: &quiz}
	for _, tc := range []struct {
		st      Standing
		missing int
	}{
		{Standing{RequiredTotal: 2, RequiredDone: 2, HasQuiz: true, QuizPassed: true, Sessions: 5, Attended: 4}, 0},
		{Standing{RequiredTotal: 2, RequiredDone: 1, HasQuiz: true, QuizPassed: true, Sessions: 5, Attended: 4}, 1},
		{Standing{HasQuiz: true, Sessions: 5, Attended: 3}, 2},
		{Standing{HasQuiz: true, QuizPassed: true}, 0}, // no sessions: attendance is not held against anyone
	} {
		st := tc.st
		judge(&st, c)
		if len(st.Missing) != tc.missing || st.Met != (tc.missing == 0) {
			t.Errorf("%+v: missing %v", tc.st, st.Missing)
		}
	}
}
