package reflection

import (
	"context"
	"strings"
	"sync"
	"testing"

	"lms/internal/apperr"
	"lms/org"
)

func wantKind(t *testing.T, err error, kind apperr.Kind, what string) {
	t.Helper()
	if !apperr.Is(err, kind) {
		t.Fatalf("%s: got %v, want kind %d", what, err, kind)
	}
	if !strings.ContainsFunc(err.Error(), func(r rune) bool { return r >= 0x4e00 }) {
		t.Errorf("%s: message not in Chinese: %q", what, err)
	}
}

// A reflection is written, returned with a comment the learner sees,
// rewritten, approved with a grade (completion is asked in the same
// transaction), and then can be neither changed nor resubmitted.
func TestReviewCycle(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	e.course(1, 100)
	l := e.learners[0]
	saved, err := e.svc.Save(ctx, l, 1, Input{Body: "草稿"})
	must(t, err)
	var body string
	must(t, e.pool.QueryRow(ctx, `SELECT body FROM reflections WHERE user_id = $1`, l.UserID).Scan(&body))
	if body != "草稿" || saved.Chars != 2 {
		t.Fatalf("saved %q (%d chars) is not what the database holds: %q", "草稿", saved.Chars, body)
	}
	r, err := e.svc.Submit(ctx, l, 1, Input{Body: text(t, "honest_a.txt"), ShareOK: true})
	must(t, err)
	_, err = e.svc.Review(ctx, e.trainer, r.ID, ReviewInput{Decision: "return"})
	wantKind(t, err, apperr.Invalid, "return without a comment")
	_, err = e.svc.Review(ctx, e.trainer, r.ID, ReviewInput{Decision: "return", Comment: "请结合本岗位多写几句"})
	must(t, err)
	w, err := e.svc.Mine(ctx, l, 1)
	must(t, err)
	if w.Reflection.State != Returned || w.Reflection.Comment != "请结合本岗位多写几句" || !w.Editable || len(w.Events) != 2 {
		t.Fatalf("learner's view after return: %+v", w)
	}
	_, err = e.svc.Submit(ctx, l, 1, Input{Body: text(t, "honest_a.txt") + "结合岗位，我还要做到更好。", ShareOK: true})
	must(t, err)
	_, err = e.svc.Review(ctx, e.trainer, r.ID, ReviewInput{Decision: "approve", Grade: "良好"})
	must(t, err)
	if len(e.approved) != 1 || e.approved[0] != 1 {
		t.Fatalf("completion asked for %v", e.approved)
	}
	_, err = e.svc.Submit(ctx, l, 1, Input{Body: text(t, "honest_a.txt")})
	wantKind(t, err, apperr.Conflict, "resubmitting an approved reflection")
	_, err = e.svc.Save(ctx, l, 1, Input{Body: "改"})
	wantKind(t, err, apperr.Conflict, "changing an approved reflection")
	_, err = e.svc.Review(ctx, e.trainer, r.ID, ReviewInput{Decision: "return", Comment: "再改"})
	wantKind(t, err, apperr.Conflict, "reviewing twice")
	got, err := getReflection(ctx, e.pool, r.ID)
	must(t, err)
	if got.State != Approved || got.Grade != "良好" || !strings.HasSuffix(got.Body, "更好。") {
		t.Errorf("approved reflection changed: %+v", got)
	}
}

// Bad input is refused in Chinese and changes nothing.
func TestBadInputChangesNothing(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	e.course(1, 800)
	e.courses.info[2] = CourseInfo{Title: "别的课", UnitPath: "u1.u3"}
	l := e.learners[0]
	_, err := e.svc.Submit(ctx, l, 2, Input{Body: text(t, "honest_a.txt")})
	wantKind(t, err, apperr.NotFound, "a course the learner is not in")
	_, err = e.svc.Save(ctx, l, 2, Input{Body: "x"})
	wantKind(t, err, apperr.NotFound, "saving for a course the learner is not in")
	_, err = e.svc.Submit(ctx, l, 1, Input{Body: "太短了。"})
	wantKind(t, err, apperr.Invalid, "below the minimum")
	_, err = e.svc.Save(ctx, l, 1, Input{Body: "心得<script>alert(1)</script>"})
	wantKind(t, err, apperr.Invalid, "a script in the text")
	_, err = e.svc.Save(ctx, l, 1, Input{Body: strings.Repeat("字", maxBody+1)})
	wantKind(t, err, apperr.Invalid, "an oversized text")
	_, err = e.svc.SetRule(ctx, l, 1, RuleInput{Required: true, MinChars: 10})
	wantKind(t, err, apperr.Forbidden, "a learner setting the rule")
	_, err = e.svc.SetRule(ctx, e.trainer, 1, RuleInput{Required: true, MinChars: 10})
	wantKind(t, err, apperr.Invalid, "a minimum too small")
	_, err = e.svc.SetRule(ctx, e.trainer, 1, RuleInput{Required: true, MinChars: 800, Prompt: `<img src=x onerror="x">`})
	wantKind(t, err, apperr.Invalid, "markup in the prompt")
	var n int
	must(t, e.pool.QueryRow(ctx, `SELECT count(*) FROM reflections`).Scan(&n))
	rule, err := getRule(ctx, e.pool, 1)
	must(t, err)
	if n != 0 || rule.MinChars != 800 || rule.Prompt != "" {
		t.Errorf("bad input changed something: %d reflections, rule %+v", n, rule)
	}
}

// Who may read and review: the course's trainer and the author's branch
// committee; not another branch's committee or admin, not a trainer of
// another course, not the author themself. A shared 优秀 reflection is
// read by the author's unit only.
func TestReviewersAndReaders(t *testing.T) {
	e := newEnv(t, 2)
	ctx := context.Background()
	e.course(1, 100)
	branch2 := e.unitID(ctx, "u1.u3")
	branch1 := e.unitID(ctx, "u1.u2")
	committee := e.actor(ctx, "committee", branch1, "u1.u2", org.Grant{Role: org.RoleCommittee, ScopePath: "u1.u2"})
	otherCommittee := e.actor(ctx, "other_committee", branch2, "u1.u3", org.Grant{Role: org.RoleCommittee, ScopePath: "u1.u3"})
	otherAdmin := e.actor(ctx, "other_admin", branch2, "u1.u3", org.Grant{Role: org.RoleAdmin, ScopePath: "u1.u3"})
	otherTrainer := e.actor(ctx, "other_trainer", branch1, "u1.u2", org.Grant{Role: org.RoleTrainer})
	outsider := e.actor(ctx, "outsider", branch2, "u1.u3")
	r, err := e.svc.Submit(ctx, e.learners[0], 1, Input{Body: text(t, "honest_a.txt")})
	must(t, err)
	for name, a := range map[string]*org.Actor{"other committee": otherCommittee, "other admin": otherAdmin,
		"other trainer": otherTrainer, "outsider": outsider, "classmate": e.learners[1]} {
		_, err := e.svc.Get(ctx, a, r.ID)
		wantKind(t, err, apperr.NotFound, name+" reading")
		_, err = e.svc.Review(ctx, a, r.ID, ReviewInput{Decision: "approve"})
		wantKind(t, err, apperr.NotFound, name+" approving")
		if list, err := e.svc.Waiting(ctx, a); err != nil || len(list) != 0 {
			t.Errorf("%s's queue holds %d (%v)", name, len(list), err)
		}
	}
	_, err = e.svc.Review(ctx, e.learners[0], r.ID, ReviewInput{Decision: "approve"})
	wantKind(t, err, apperr.Forbidden, "the author approving")
	if list, err := e.svc.Waiting(ctx, committee); err != nil || len(list) != 1 || list[0].CourseTitle == "" {
		t.Fatalf("branch committee's queue: %+v %v", list, err)
	}
	_, err = e.svc.Review(ctx, committee, r.ID, ReviewInput{Decision: "approve", Grade: "优秀"})
	must(t, err)
	_, err = e.svc.Share(ctx, committee, r.ID)
	wantKind(t, err, apperr.Conflict, "sharing without the author's consent")
	if _, err := e.svc.Get(ctx, e.learners[1], r.ID); err == nil {
		t.Fatal("an unshared reflection is read by a classmate")
	}
}

func (e *env) unitID(ctx context.Context, path string) int64 {
	var id int64
	must(e.t, e.pool.QueryRow(ctx, `SELECT id FROM units WHERE path = $1`, path).Scan(&id))
	return id
}

// With the author's consent, an approved reflection is shared as 优秀
// with the author's unit and no further.
func TestSharedWithTheUnit(t *testing.T) {
	e := newEnv(t, 2)
	ctx := context.Background()
	e.course(1, 100)
	outsider := e.actor(ctx, "outsider", e.unitID(ctx, "u1.u3"), "u1.u3")
	r, err := e.svc.Submit(ctx, e.learners[0], 1, Input{Body: text(t, "honest_b.txt"), ShareOK: true})
	must(t, err)
	_, err = e.svc.Share(ctx, e.trainer, r.ID)
	wantKind(t, err, apperr.Conflict, "sharing before approval")
	_, err = e.svc.Review(ctx, e.trainer, r.ID, ReviewInput{Decision: "approve"})
	must(t, err)
	_, err = e.svc.Share(ctx, e.learners[1], r.ID)
	wantKind(t, err, apperr.NotFound, "a classmate sharing")
	shared, err := e.svc.Share(ctx, e.trainer, r.ID)
	must(t, err)
	if !shared.Shared || shared.Grade != "优秀" {
		t.Fatalf("shared: %+v", shared)
	}
	v, err := e.svc.Get(ctx, e.learners[1], r.ID)
	must(t, err)
	if v.Reflection.Body == "" || len(v.Events) != 0 || v.CanReview {
		t.Errorf("classmate's view of a shared reflection: %+v", v)
	}
	if list, err := e.svc.SharedWithMe(ctx, e.learners[1]); err != nil || len(list) != 1 {
		t.Errorf("classmate's shared list: %d %v", len(list), err)
	}
	_, err = e.svc.Get(ctx, outsider, r.ID)
	wantKind(t, err, apperr.NotFound, "another unit reading a shared reflection")
}

// Figures per unit, for the committees over it only.
func TestFigures(t *testing.T) {
	e := newEnv(t, 3)
	ctx := context.Background()
	e.course(1, 100)
	otherCommittee := e.actor(ctx, "oc", e.unitID(ctx, "u1.u3"), "u1.u3", org.Grant{Role: org.RoleCommittee, ScopePath: "u1.u3"})
	committee := e.actor(ctx, "gc", e.unitID(ctx, "u1"), "u1", org.Grant{Role: org.RoleCommittee, ScopePath: "u1"})
	a, err := e.svc.Submit(ctx, e.learners[0], 1, Input{Body: text(t, "honest_a.txt")})
	must(t, err)
	b, err := e.svc.Submit(ctx, e.learners[1], 1, Input{Body: strings.Join(lightCopy(text(t, "honest_a.txt")), "")})
	must(t, err)
	_, err = e.svc.Save(ctx, e.learners[2], 1, Input{Body: "还在写"})
	must(t, err)
	_, err = e.svc.Review(ctx, e.trainer, a.ID, ReviewInput{Decision: "approve"})
	must(t, err)
	_, err = e.svc.Review(ctx, e.trainer, b.ID, ReviewInput{Decision: "return", Comment: "请独立完成"})
	must(t, err)
	figs, err := e.svc.Figures(ctx, committee, "u1", 0)
	must(t, err)
	want := UnitFigures{UnitPath: "u1.u2", Submitted: 2, Approved: 1, Returned: 1, Flagged: 1}
	if len(figs) != 1 || figs[0] != want {
		t.Fatalf("figures %+v, want %+v", figs, want)
	}
	_, err = e.svc.Figures(ctx, otherCommittee, "u1.u2", 0)
	wantKind(t, err, apperr.Forbidden, "another branch's figures")
}

// Two submits of the same reflection at once: one is taken, the other
// told it is already submitted; one thread entry, one set of shingles.
func TestConcurrentSubmit(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	e.course(1, 100)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.Submit(ctx, e.learners[0], 1, Input{Body: text(t, "honest_a.txt")})
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("both or neither submitted: %v", errs)
	}
	var events, sets int
	must(t, e.pool.QueryRow(ctx, `SELECT count(*) FROM reflection_events`).Scan(&events))
	must(t, e.pool.QueryRow(ctx, `SELECT count(DISTINCT reflection_id) FROM reflection_shingles`).Scan(&sets))
	if events != 1 || sets != 1 {
		t.Errorf("%d events, %d shingle sets", events, sets)
	}
}
