package training

import (
	"strings"
	"testing"

	"lms/internal/apperr"
	"lms/org"
)

func evidence() []Evidence {
	return []Evidence{{Filename: "签到表.pdf", ContentType: "application/pdf", Size: 9, Body: strings.NewReader("%PDF-1.4\n")}}
}

func groupStudy(hours float64, sessions int) ClaimInput {
	return ClaimInput{Kind: "group_study", Title: "学习贯彻党的二十届四中全会精神", Organiser: "甲支部党委理论学习中心组",
		StartsOn: "2026-03-02", EndsOn: "2026-03-02", Sessions: sessions, Hours: hours}
}

func claimCount(e *env) int {
	var n int
	must(e.t, e.pool.QueryRow(e.ctx, `SELECT count(*) FROM credit_claims`).Scan(&n))
	return n
}

// A claim needs evidence and stays within its rule (中心组学习: 3 学时 a
// session); a refused claim leaves nothing behind.
func TestClaimNeedsEvidenceAndKeepsToItsCap(t *testing.T) {
	e := newEnv(t, 1)
	me := e.learners[0]
	if _, err := e.svc.SubmitClaim(e.ctx, me, groupStudy(3, 1), nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("no evidence: %v", err)
	}
	_, err := e.svc.SubmitClaim(e.ctx, me, groupStudy(4, 1), evidence())
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "最多可申报 3 学时") {
		t.Errorf("over the cap: %v", err)
	}
	party := ClaimInput{Kind: "party_school", Title: "党校中青班", Organiser: "省委党校", StartsOn: "2026-03-01", EndsOn: "2026-03-03", Hours: 19}
	if _, err := e.svc.SubmitClaim(e.ctx, me, party, evidence()); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("party school over 6 a day for 3 days: %v", err)
	}
	if n := claimCount(e); n != 0 {
		t.Errorf("claims stored: %d", n)
	}
	if _, err := e.svc.SubmitClaim(e.ctx, me, groupStudy(6, 2), evidence()); err != nil {
		t.Errorf("two sessions of 3: %v", err)
	}
	must(t, e.svc.SetRule(e.ctx, e.scoped(e.actor("adm", "root", ""), org.RoleAdmin, "root"), "group_study", 4))
	if err := e.svc.SetRule(e.ctx, e.committee, "group_study", 10); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("a committee changed a cap: %v", err)
	}
}

// The committee of the claimant's unit decides; one cannot approve one's
// own claim, another branch's committee cannot see it, and the approved
// (reduced) hours reach the ledger and the transcript under their kind.
func TestClaimIsDecidedByTheUnitsCommittee(t *testing.T) {
	e := newEnv(t, 1)
	self := e.scoped(e.actor("com_self", "A", ""), org.RoleCommittee, "A")
	own, err := e.svc.SubmitClaim(e.ctx, self, groupStudy(3, 1), evidence())
	must(t, err)
	if _, err := e.svc.DecideClaim(e.ctx, self, own.ID, ClaimDecision{Approve: true}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("approved own claim: %v", err)
	}
	cl, err := e.svc.SubmitClaim(e.ctx, e.learners[0], groupStudy(6, 2), evidence())
	must(t, err)
	if _, err := e.svc.DecideClaim(e.ctx, e.otherCom, cl.ID, ClaimDecision{Approve: true}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B's committee decided: %v", err)
	}
	if _, err := e.svc.DecideClaim(e.ctx, e.committee, cl.ID, ClaimDecision{Approve: true, Hours: 4}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("reduced without a reason: %v", err)
	}
	if n, _ := e.ledgerHours(e.learners[0].UserID, "group_study"); n != 0 {
		t.Fatal("credited before a decision")
	}
	if _, err := e.svc.DecideClaim(e.ctx, e.committee, cl.ID, ClaimDecision{Approve: true, Hours: 4, Reason: "第二次只到会半天"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.DecideClaim(e.ctx, e.committee, cl.ID, ClaimDecision{Approve: true}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("decided twice: %v", err)
	}
	if n, h := e.ledgerHours(e.learners[0].UserID, "group_study"); n != 1 || h != 4 {
		t.Errorf("ledger: %d entries, %g hours", n, h)
	}
	e.reportAgrees()
	tr, err := e.course.Transcript(e.ctx, e.learners[0], e.learners[0].UserID, 2026)
	must(t, err)
	if tr.OtherHours != 4 || len(tr.Other) != 1 || !strings.Contains(tr.Other[0].Title, "中心组学习") || tr.YearHours != 0 {
		t.Errorf("transcript: other %g %+v, online %g", tr.OtherHours, tr.Other, tr.YearHours)
	}
	pending, err := e.svc.PendingClaims(e.ctx, self)
	must(t, err)
	for _, p := range pending {
		if p.UserID == self.UserID {
			t.Error("one's own claim is offered for one's decision")
		}
	}
}
