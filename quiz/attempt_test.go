package quiz

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
)

// answersFor returns the displayed positions of the right options.
func rightChoices(t *testing.T, e *env, v *AttemptView, qn int) []int {
	t.Helper()
	a, err := getAttempt(context.Background(), e.pool, v.ID)
	must(t, err)
	entry := a.Paper[qn]
	q, err := getQuestion(context.Background(), e.pool, entry.Q)
	must(t, err)
	var out []int
	for d := range entry.N {
		o := d
		if entry.O != nil {
			o = entry.O[d]
		}
		if q.Body.Options[o].Weight > 0 {
			out = append(out, d)
		}
	}
	return out
}

// noLeak fails when anything of the answer key is in what a learner got.
func noLeak(t *testing.T, what string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	s := string(b)
	for _, secret := range []string{"SECRET", "weight", "feedback", "explanation", "全国代表大会", "review", "correct"} {
		if strings.Contains(s, secret) {
			t.Errorf("%s leaks %q: %s", what, secret, s)
		}
	}
}

func TestAttemptGradesOnServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	var passedCalls atomic.Int32
	e.svc.OnPassed = func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error {
		passedCalls.Add(1)
		return nil
	}
	b := e.bank(sampleGIFT)
	course := e.course(77)
	z := e.fixedQuiz(b.ID, func(z *Quiz) {
		z.CourseID, z.Required, z.ShuffleOptions, z.PartialCredit = course, true, true, true
		z.MaxAttempts = 1 // the key shows once no attempt is left
	})
	me := e.learners[0]
	v, err := e.svc.Start(ctx, me, z.ID)
	must(t, err)
	noLeak(t, "start", v)
	if len(v.Questions) != 5 || v.MaxScore != 5 || v.Status != StatusOpen {
		t.Fatalf("view %+v", v)
	}
	save := func(n int, in AnswerInput) {
		t.Helper()
		if _, err := e.svc.SaveAnswer(ctx, me, v.ID, v.Questions[n].ID, in); err != nil {
			t.Fatalf("save %d: %v", n, err)
		}
	}
	save(0, AnswerInput{Choices: rightChoices(t, e, v, 0)})
	save(1, AnswerInput{Choices: rightChoices(t, e, v, 1)[:1], Flagged: true}) // half the credit
	save(2, AnswerInput{Choices: []int{1}})                                    // wrong
	save(3, AnswerInput{Texts: []string{"全国 代表大会"}})
	save(4, AnswerInput{Texts: []string{"为中国人民谋幸福，为中华民族谋复兴。"}})
	again, err := e.svc.Attempt(ctx, me, v.ID)
	must(t, err)
	noLeak(t, "resume", again)
	if !again.Questions[1].Flagged || again.Questions[3].Texts[0] != "全国 代表大会" {
		t.Errorf("saved answers not shown back: %+v", again.Questions)
	}
	if resumed, err := e.svc.Start(ctx, me, z.ID); err != nil || resumed.ID != v.ID {
		t.Errorf("second start did not resume: %v", err)
	}
	done, err := e.svc.Submit(ctx, me, v.ID)
	must(t, err)
	if done.Status != StatusPending || done.Score != nil {
		t.Fatalf("with a short answer the attempt waits for a trainer: %+v", done.Attempt)
	}
	if ok, _ := e.svc.RequiredQuizzesPassed(ctx, e.pool, me.UserID, *course); ok {
		t.Error("passed before grading")
	}
	must(t, e.svc.GradeAnswer(ctx, e.trainer, v.ID, v.Questions[4].ID, 1))
	final, err := e.svc.Attempt(ctx, me, v.ID)
	must(t, err)
	if final.Status != StatusGraded || *final.Score != 3.5 || *final.Percent != 70 || !*final.Passed {
		t.Errorf("result %+v", final.Attempt)
	}
	if !final.ShowAnswers || final.Questions[0].Review == nil || !strings.Contains(final.Questions[0].Review.Explanation, "SECRET-EXPLANATION-1") {
		t.Errorf("answers not shown after submit: %+v", final.Questions[0])
	}
	if ok, err := e.svc.RequiredQuizzesPassed(ctx, e.pool, me.UserID, *course); !ok || err != nil {
		t.Errorf("required quiz passed: %v %v", ok, err)
	}
	if passedCalls.Load() != 1 {
		t.Errorf("OnPassed called %d times", passedCalls.Load())
	}
	if err := e.svc.GradeAnswer(ctx, e.trainer, v.ID, v.Questions[4].ID, 5); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("score above the points: %v", err)
	}
}

func TestBadAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 2)
	ctx := context.Background()
	b := e.bank(sampleGIFT)
	z := e.fixedQuiz(b.ID, nil)
	me, other := e.learners[0], e.learners[1]
	v, err := e.svc.Start(ctx, me, z.ID)
	must(t, err)
	single := v.Questions[0].ID
	cases := []struct {
		name string
		who  Viewer
		qid  int64
		in   AnswerInput
		kind apperr.Kind
	}{
		{"question not in the attempt", me, 999999, AnswerInput{Choices: []int{0}}, apperr.NotFound},
		{"someone else's attempt", other, single, AnswerInput{Choices: []int{0}}, apperr.NotFound},
		{"option out of range", me, single, AnswerInput{Choices: []int{5}}, apperr.Invalid},
		{"two options to a single choice", me, single, AnswerInput{Choices: []int{0, 1}}, apperr.Invalid},
		{"text to a choice", me, single, AnswerInput{Texts: []string{"A"}}, apperr.Invalid},
		{"too many blanks", me, v.Questions[3].ID, AnswerInput{Texts: []string{"a", "b"}}, apperr.Invalid},
		{"essay too long", me, v.Questions[4].ID, AnswerInput{Texts: []string{strings.Repeat("长", maxText+1)}}, apperr.Invalid},
	}
	for _, c := range cases {
		if _, err := e.svc.SaveAnswer(ctx, c.who, v.ID, c.qid, c.in); !apperr.Is(err, c.kind) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := e.svc.Attempt(ctx, other, v.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("other learner reads the attempt: %v", err)
	}
	if _, err := e.svc.Submit(ctx, other, v.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("other learner submits the attempt: %v", err)
	}
	n := 0
	must(t, e.pool.QueryRow(ctx, `SELECT count(*) FROM quiz_answers`).Scan(&n))
	if n != 0 {
		t.Errorf("bad answers wrote %d rows", n)
	}
}

func TestDeadline(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b := e.bank(sampleGIFT)
	z := e.fixedQuiz(b.ID, func(z *Quiz) { z.TimeLimitS = 600 })
	me := e.learners[0]
	v, err := e.svc.Start(ctx, me, z.ID)
	must(t, err)
	if v.Remaining != 600 || v.Deadline == nil {
		t.Fatalf("remaining %d", v.Remaining)
	}
	_, err = e.svc.SaveAnswer(ctx, me, v.ID, v.Questions[0].ID, AnswerInput{Choices: rightChoices(t, e, v, 0)})
	must(t, err)
	e.clock.Add(4 * time.Minute)
	if r, _ := e.svc.Attempt(ctx, me, v.ID); r.Remaining != 360 {
		t.Errorf("remaining after reload %d", r.Remaining)
	}
	e.clock.Add(6*time.Minute + time.Second)
	_, err = e.svc.SaveAnswer(ctx, me, v.ID, v.Questions[2].ID, AnswerInput{Choices: []int{0}})
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("late answer: %v", err)
	}
	r, err := e.svc.Attempt(ctx, me, v.ID)
	must(t, err)
	if r.SubmittedAt == nil || !r.SubmittedAt.Equal(v.Deadline.Truncate(time.Microsecond)) || r.Status != StatusGraded || *r.Score != 1 {
		t.Errorf("auto-submitted %+v", r.Attempt)
	}
	if len(r.Questions[2].Choices) != 0 {
		t.Error("late answer stored")
	}
}

// The deadline job submits what was saved, and snoozes when early.
func TestDeadlineJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b := e.bank(sampleGIFT)
	z := e.fixedQuiz(b.ID, func(z *Quiz) { z.TimeLimitS = 60 })
	v, err := e.svc.Start(ctx, e.learners[0], z.ID)
	must(t, err)
	w := &SubmitDueWorker{Service: e.svc}
	job := jobFor(v.ID)
	if err := w.Work(ctx, job); err == nil || !strings.Contains(err.Error(), "Snooze") {
		t.Errorf("early job: %v", err)
	}
	e.clock.Add(61 * time.Second)
	must(t, w.Work(ctx, job))
	a, err := getAttempt(ctx, e.pool, v.ID)
	must(t, err)
	if a.SubmittedAt == nil || a.Status != StatusGraded {
		t.Errorf("not submitted: %+v", a)
	}
	must(t, w.Work(ctx, job)) // a second run changes nothing
}

func TestConcurrentSubmitsGradeOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	var calls atomic.Int32
	e.svc.OnPassed = func(context.Context, pgx.Tx, int64, int64) error { calls.Add(1); return nil }
	b := e.bank("Q1{T}\n\nQ2{F}\n")
	z := e.fixedQuiz(b.ID, func(z *Quiz) { z.CourseID = e.course(5) })
	me := e.learners[0]
	v, err := e.svc.Start(ctx, me, z.ID)
	must(t, err)
	_, err = e.svc.SaveAnswer(ctx, me, v.ID, v.Questions[0].ID, AnswerInput{Choices: rightChoices(t, e, v, 0)})
	must(t, err)
	_, err = e.svc.SaveAnswer(ctx, me, v.ID, v.Questions[1].ID, AnswerInput{Choices: rightChoices(t, e, v, 1)})
	must(t, err)
	var ok, conflict atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.svc.Submit(ctx, me, v.ID)
			switch {
			case err == nil:
				ok.Add(1)
			case apperr.Is(err, apperr.Conflict):
				conflict.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || conflict.Load() != 7 || calls.Load() != 1 {
		t.Errorf("ok %d conflict %d OnPassed %d", ok.Load(), conflict.Load(), calls.Load())
	}
}

func TestAttemptLimitUnderConcurrentStarts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b := e.bank("Q1{T}\n")
	z := e.fixedQuiz(b.ID, func(z *Quiz) { z.MaxAttempts = 3 })
	me := e.learners[0]
	for round := 1; round <= 3; round++ {
		ids := make(chan int64, 10)
		var wg sync.WaitGroup
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := e.svc.Start(ctx, me, z.ID)
				if err != nil {
					t.Error(err)
					return
				}
				ids <- v.ID
			}()
		}
		wg.Wait()
		close(ids)
		seen := map[int64]bool{}
		for id := range ids {
			seen[id] = true
		}
		if len(seen) != 1 {
			t.Fatalf("round %d: %d attempts opened at once", round, len(seen))
		}
		for id := range seen {
			_, err := e.svc.Submit(ctx, me, id)
			must(t, err)
		}
	}
	if _, err := e.svc.Start(ctx, me, z.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("fourth attempt: %v", err)
	}
	list, _ := e.svc.MyAttempts(ctx, me, z.ID)
	if len(list) != 3 {
		t.Errorf("%d attempts", len(list))
	}
}

// Answers saved while a submit runs are either graded or refused, never
// acknowledged and lost.
func TestSaveRacingSubmit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b := e.bank(sampleGIFT)
	z := e.fixedQuiz(b.ID, nil)
	me := e.learners[0]
	for range 5 {
		v, err := e.svc.Start(ctx, me, z.ID)
		must(t, err)
		var saved atomic.Bool
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := e.svc.SaveAnswer(ctx, me, v.ID, v.Questions[3].ID, AnswerInput{Texts: []string{"全国代表大会"}}); err == nil {
				saved.Store(true)
			}
		}()
		go func() { defer wg.Done(); _, _ = e.svc.Submit(ctx, me, v.ID) }()
		wg.Wait()
		// The learner has attempts left and sees no per-question score; the
		// trainer does.
		r, err := e.svc.TrainerAttempt(ctx, e.trainer, v.ID)
		must(t, err)
		if got := *r.Questions[3].Review.Score; saved.Load() != (got == 1) {
			t.Errorf("saved %v but scored %v", saved.Load(), got)
		}
	}
}
