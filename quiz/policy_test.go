package quiz

import (
	"context"
	"strings"
	"testing"
	"time"

	"lms/internal/apperr"
)

// The rules of policy.go, person by person, against a course of u1.u2
// taught by users 1 and 2, and a bank shared with u1.u2 by user 1.
func TestPolicyTable(t *testing.T) {
	t.Parallel()
	course := int64(9)
	staff := map[int64]CourseStaff{course: {UnitPath: "u1.u2", Teachers: []int64{1, 2}}}
	courseBank := &Bank{CourseID: &course, CreatedBy: 1}
	shared := &Bank{UnitPath: "u1.u2", CreatedBy: 1}
	courseQuiz := &Quiz{CourseID: &course, CreatedBy: 1}
	sharedQuiz := &Quiz{UnitPath: "u1.u2", CreatedBy: 1}
	for _, c := range []struct {
		who             string
		v               Viewer
		course, unit    access
		manages, shared bool // the course quiz, a quiz shared with u1.u2 by user 1
	}{
		{"owner", Viewer{UserID: 1, UnitPath: "u1.u2", Manager: true}, readWrite, readWrite, true, true},
		{"co-trainer of another unit", Viewer{UserID: 2, UnitPath: "u1.u7", Manager: true}, readWrite, noAccess, true, false},
		{"trainer of the subtree", Viewer{UserID: 3, UnitPath: "u1.u2.u5", Manager: true}, noAccess, readOnly, false, false},
		{"trainer elsewhere", Viewer{UserID: 4, UnitPath: "u1.u7", Manager: true}, noAccess, noAccess, false, false},
		{"admin over the unit", Viewer{UserID: 5, UnitPath: "u1", Manager: true, Scopes: []string{"u1"}}, readWrite, readWrite, true, true},
		{"admin of another subtree", Viewer{UserID: 6, UnitPath: "u1.u7", Manager: true, Scopes: []string{"u1.u7"}}, noAccess, noAccess, false, false},
		{"teacher listed but learner only", Viewer{UserID: 2, UnitPath: "u1.u2"}, noAccess, noAccess, false, false},
		{"learner of the subtree", Viewer{UserID: 7, UnitPath: "u1.u2"}, noAccess, noAccess, false, false},
		{"system", Viewer{System: true}, readWrite, readWrite, true, true},
	} {
		if got := c.v.bankAccess(courseBank, staff); got != c.course {
			t.Errorf("%s: course bank %d, want %d", c.who, got, c.course)
		}
		if got := c.v.bankAccess(shared, staff); got != c.unit {
			t.Errorf("%s: shared bank %d, want %d", c.who, got, c.unit)
		}
		if got := c.v.managesQuiz(courseQuiz, staff); got != c.manages {
			t.Errorf("%s: manages the course quiz %v, want %v", c.who, got, c.manages)
		}
		if got := c.v.managesQuiz(sharedQuiz, staff); got != c.shared {
			t.Errorf("%s: manages the shared quiz %v, want %v", c.who, got, c.shared)
		}
	}
	gone := int64(10)
	if (Viewer{UserID: 1, Manager: true}).bankAccess(&Bank{CourseID: &gone, CreatedBy: 1}, staff) != noAccess {
		t.Error("the bank of a course that is gone is its maker's")
	}
}

// Without the course feature wired, course banks are refused, not open.
func TestPolicyWithoutCoursesRefuses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	e.svc.Courses = nil
	gone := int64(3)
	if err := e.svc.Ready(); err == nil {
		t.Error("ready without Courses")
	}
	_, err := e.svc.CreateBank(context.Background(), e.trainer, BankInput{Name: "课程题库", CourseID: &gone})
	if err == nil || apperr.KindOf(err) != apperr.Internal {
		t.Errorf("course bank without Courses: %v", err)
	}
}

// The key waits until the learner cannot use it on a later attempt.
func TestKeyShown(t *testing.T) {
	t.Parallel()
	now := time.Now()
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	done := func(n int) []Attempt {
		out := make([]Attempt, n)
		for i := range out {
			out[i].SubmittedAt = &past
		}
		return out
	}
	open := append(done(2), Attempt{})
	for _, c := range []struct {
		name     string
		z        Quiz
		attempts []Attempt
		want     bool
	}{
		{"first of three", Quiz{ShowAnswers: ShowAfterSubmit, MaxAttempts: 3}, done(1), false},
		{"third of three", Quiz{ShowAnswers: ShowAfterSubmit, MaxAttempts: 3}, done(3), true},
		{"third of three still open", Quiz{ShowAnswers: ShowAfterSubmit, MaxAttempts: 3}, open, false},
		{"only attempt", Quiz{ShowAnswers: ShowAfterSubmit, MaxAttempts: 1}, done(1), true},
		{"unlimited, no due date", Quiz{ShowAnswers: ShowAfterSubmit}, done(5), false},
		{"unlimited, due date passed", Quiz{ShowAnswers: ShowAfterSubmit, DueAt: &past}, done(1), true},
		{"first of three, due date passed", Quiz{ShowAnswers: ShowAfterSubmit, MaxAttempts: 3, DueAt: &past}, done(1), true},
		{"after due, before it", Quiz{ShowAnswers: ShowAfterDue, MaxAttempts: 1, DueAt: &future}, done(1), false},
		{"after due, past it", Quiz{ShowAnswers: ShowAfterDue, DueAt: &past}, done(1), true},
		{"never, past due", Quiz{ShowAnswers: ShowNever, MaxAttempts: 1, DueAt: &past}, done(1), false},
		{"daily practice", Quiz{ShowAnswers: ShowAfterSubmit, Mode: ModeDaily}, done(1), true},
	} {
		a := &Attempt{Number: 1, SubmittedAt: &past}
		if got := keyShown(&c.z, a, c.attempts, now); got != c.want {
			t.Errorf("%s: shown %v, want %v", c.name, got, c.want)
		}
		if needsAttempts(&c.z, a, now) == false && keyShown(&c.z, a, nil, now) != c.want {
			t.Errorf("%s: decided without the attempts, wrongly", c.name)
		}
	}
	if keyShown(&Quiz{ShowAnswers: ShowAfterSubmit, MaxAttempts: 1}, &Attempt{Number: 1}, done(1), now) {
		t.Error("shown before submission")
	}
	last := &Attempt{Number: 3, SubmittedAt: &past}
	if z := (&Quiz{ShowAnswers: ShowAfterSubmit, MaxAttempts: 3}); needsAttempts(z, last, now) || !keyShown(z, last, nil, now) {
		t.Error("the last attempt, submitted, should show the key without loading the others")
	}
}

// The forms offer exactly the subtrees a bank or quiz may be shared with.
func TestSharePathsAreShareable(t *testing.T) {
	t.Parallel()
	v := Viewer{UserID: 1, UnitPath: "u1.u2.u3", Manager: true, Scopes: []string{"u1.u9"}}
	got := v.SharePaths()
	if strings.Join(got, " ") != "u1.u2.u3 u1.u2 u1 u1.u9" {
		t.Fatalf("share paths %v", got)
	}
	for _, p := range append(got, "u1.u9.u10") {
		if !v.mayShareWith(p) {
			t.Errorf("offered %s but may not share there", p)
		}
	}
	for _, p := range []string{"u1.u2.u3.u4", "u1.u7", "u2"} {
		if v.mayShareWith(p) {
			t.Errorf("may share with %s, outside their reach", p)
		}
	}
}
