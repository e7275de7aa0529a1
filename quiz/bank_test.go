package quiz

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"lms/internal/apperr"
)

func countQuestions(t *testing.T, e *env) int {
	var n int
	must(t, e.pool.QueryRow(context.Background(), `SELECT count(*) FROM quiz_questions WHERE deleted_at IS NULL`).Scan(&n))
	return n
}

func TestImportWritesAllOrNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b, err := e.svc.CreateBank(ctx, e.trainer, BankInput{Name: "党章题库"})
	must(t, err)
	rep, err := e.svc.Import(ctx, e.trainer, b.ID, FormatGIFT, []byte(sampleGIFT), true)
	must(t, err)
	if rep.Read != 5 || rep.Imported != 0 || len(rep.Problems) != 0 || countQuestions(t, e) != 0 {
		t.Errorf("dry run %+v", rep)
	}
	bad := sampleGIFT + "\nUnbalanced {=a ~b\n\nMatch with one pair {=a -> b}\n"
	rep, err = e.svc.Import(ctx, e.trainer, b.ID, FormatGIFT, []byte(bad), false)
	must(t, err)
	if len(rep.Problems) != 2 || rep.Problems[0].Line != 11 || rep.Imported != 0 || countQuestions(t, e) != 0 {
		t.Errorf("bad file %+v, %d written", rep, countQuestions(t, e))
	}
	rep, err = e.svc.Import(ctx, e.trainer, b.ID, FormatGIFT, []byte(sampleGIFT), false)
	must(t, err)
	if rep.Imported != 5 || countQuestions(t, e) != 5 {
		t.Errorf("import %+v", rep)
	}
	for _, format := range []string{FormatGIFT, FormatXLSX} {
		data, err := e.svc.Export(ctx, e.trainer, b.ID, format)
		must(t, err)
		p, err := Parse(format, data)
		must(t, err)
		if len(p.Problems) > 0 || len(p.Items) != 5 {
			t.Errorf("%s export reads back as %d items, %v", format, len(p.Items), p.Problems)
		}
	}
	gift, _ := e.svc.Export(ctx, e.trainer, b.ID, FormatGIFT)
	stored, _ := allQuestions(ctx, e.pool, b.ID)
	back := ParseGIFT(string(gift))
	for i, it := range back.Items {
		it.Question.ID, it.Question.BankID, it.Question.UpdatedAt = stored[i].ID, stored[i].BankID, stored[i].UpdatedAt
		if !reflect.DeepEqual(it.Question, stored[i]) {
			t.Errorf("GIFT export %d:\n got %+v\nwant %+v", i, it.Question, stored[i])
		}
	}
	other := Viewer{UserID: e.learners[0].UserID, UnitPath: "u1.u2"}
	if _, err := e.svc.Import(ctx, other, b.ID, FormatGIFT, []byte(sampleGIFT), false); err == nil {
		t.Error("a learner imported")
	}
	if _, err := e.svc.Import(ctx, e.trainer, b.ID, "docx", []byte("x"), false); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := e.svc.Import(ctx, e.trainer, b.ID, FormatAiken, []byte("\n\n"), false); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("empty file: %v", err)
	}
}

// 5,000 questions (one of them bad) give one report; fixed, they import
// in one COPY.
func TestImportFiveThousand(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b, err := e.svc.CreateBank(ctx, e.trainer, BankInput{Name: "大题库"})
	must(t, err)
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, "// [tag:t%d]\n第 %d 题：下列哪项正确？{=正确答案 ~错误一 ~错误二 ~错误三}\n\n", i%10, i+1)
	}
	good := sb.String()
	bad := strings.Replace(good, "第 2500 题：下列哪项正确？{=", "第 2500 题：下列哪项正确？{{=", 1)
	rep, err := e.svc.Import(ctx, e.trainer, b.ID, FormatGIFT, []byte(bad), false)
	must(t, err)
	if len(rep.Problems) != 1 || rep.Problems[0].Line != 2499*3+2 || countQuestions(t, e) != 0 {
		t.Fatalf("problems %v", rep.Problems)
	}
	start := time.Now()
	rep, err = e.svc.Import(ctx, e.trainer, b.ID, FormatGIFT, []byte(good), false)
	must(t, err)
	t.Logf("5000 questions imported in %v", time.Since(start))
	if rep.Imported != 5000 || countQuestions(t, e) != 5000 {
		t.Errorf("imported %d", rep.Imported)
	}
}

func TestBankAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	if _, err := e.svc.CreateBank(ctx, e.learners[0], BankInput{Name: "x"}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("learner made a bank: %v", err)
	}
	if _, err := e.svc.CreateBank(ctx, e.trainer, BankInput{Name: "x", UnitPath: "u9"}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("bank shared outside: %v", err)
	}
	shared, err := e.svc.CreateBank(ctx, e.trainer, BankInput{Name: "集团共享", UnitPath: "u1"})
	must(t, err)
	// Another trainer of the group sees the bank shared with the group,
	// but not one shared only with a branch they are not in.
	var other int64
	must(t, e.pool.QueryRow(ctx, `INSERT INTO units (parent_id, name, path) VALUES (1, '二支部', 'u1.u3') RETURNING id`).Scan(&other))
	t2 := Viewer{UserID: e.user(ctx, "trainer2", other), UnitPath: "u1.u3", Manager: true}
	branch, err := e.svc.CreateBank(ctx, e.trainer, BankInput{Name: "支部"})
	must(t, err)
	if _, err := e.svc.Bank(ctx, t2, shared.ID); err != nil {
		t.Errorf("group bank: %v", err)
	}
	if _, err := e.svc.Bank(ctx, t2, branch.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("branch bank seen from another branch: %v", err)
	}
	list, err := e.svc.Banks(ctx, t2)
	must(t, err)
	if len(list) != 1 || list[0].ID != shared.ID {
		t.Errorf("banks of trainer2: %+v", list)
	}
}

func TestDrawRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 3)
	ctx := context.Background()
	var sb strings.Builder
	for i := range 120 {
		fmt.Fprintf(&sb, "// [tag:%s] [difficulty:%d]\nQ%d{T}\n\n", []string{"党史", "党章"}[i%2], i%3+1, i)
	}
	b := e.bank(sb.String())
	z, err := e.svc.CreateQuiz(ctx, e.trainer, Quiz{Title: "抽题", Mode: ModeDraw, ShuffleQuestions: true,
		Rules: []Rule{{BankID: b.ID, Tag: "党史", Count: 20, Points: 2}, {BankID: b.ID, Difficulty: 1, Count: 10}}})
	must(t, err)
	papers := map[string]bool{}
	for _, l := range e.learners {
		v, err := e.svc.Start(ctx, l, z.ID)
		must(t, err)
		if len(v.Questions) != 30 || v.MaxScore != 50 {
			t.Fatalf("drew %d questions worth %v", len(v.Questions), v.MaxScore)
		}
		ids := map[int64]bool{}
		var key []int64
		for _, q := range v.Questions {
			ids[q.ID] = true
			key = append(key, q.ID)
		}
		if len(ids) != 30 {
			t.Error("a question drawn twice")
		}
		papers[fmt.Sprint(key)] = true
	}
	if len(papers) != 3 {
		t.Error("learners got the same draw")
	}
	_, err = e.svc.CreateQuiz(ctx, e.trainer, Quiz{Title: "太多", Mode: ModeDraw,
		Rules: []Rule{{BankID: b.ID, Tag: "党史", Difficulty: 2, Count: 50}}})
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "只有 20 题") {
		t.Errorf("rule beyond the pool: %v", err)
	}
}

func TestDailyPractice(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	var sb strings.Builder
	for i := range 30 {
		fmt.Fprintf(&sb, "Q%d{T}\n\n", i)
	}
	b := e.bank(sb.String())
	z, err := e.svc.CreateQuiz(ctx, e.trainer, Quiz{Title: "每日一练", Mode: ModeDaily, Rules: []Rule{{BankID: b.ID}}})
	must(t, err)
	me := e.learners[0]
	for day := range 3 {
		v, err := e.svc.Start(ctx, me, z.ID)
		must(t, err)
		if len(v.Questions) != DailyCount {
			t.Fatalf("daily drew %d", len(v.Questions))
		}
		_, err = e.svc.Submit(ctx, me, v.ID)
		must(t, err)
		if _, err := e.svc.Start(ctx, me, z.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("day %d: second practice: %v", day, err)
		}
		if n, _ := e.svc.Streak(ctx, me.UserID); n != day+1 {
			t.Errorf("day %d: streak %d", day, n)
		}
		e.clock.Add(24 * time.Hour)
	}
	e.clock.Add(24 * time.Hour)
	if n, _ := e.svc.Streak(ctx, me.UserID); n != 0 {
		t.Errorf("streak after a missed day: %d", n)
	}
}

func TestStreak(t *testing.T) {
	t.Parallel()
	d := func(n int) time.Time { return time.Date(2026, 3, n, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		days []time.Time
		want int
	}{
		{nil, 0},
		{[]time.Time{d(10)}, 1},
		{[]time.Time{d(9)}, 1},
		{[]time.Time{d(10), d(9), d(8), d(6)}, 3},
		{[]time.Time{d(9), d(8)}, 2},
		{[]time.Time{d(8)}, 0},
	}
	for _, c := range cases {
		if got := streak(c.days, d(10)); got != c.want {
			t.Errorf("%v: %d, want %d", c.days, got, c.want)
		}
	}
}

func TestResults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 4)
	ctx := context.Background()
	b := e.bank("Q1{T}\n\nQ2{T}\n\nQ3{T}\n\nQ4{T}\n")
	z := e.fixedQuiz(b.ID, nil)
	for i, l := range e.learners {
		v, err := e.svc.Start(ctx, l, z.ID)
		must(t, err)
		for n := 0; n <= i; n++ { // learner i answers the first i+1 right
			if n < 4 {
				_, err := e.svc.SaveAnswer(ctx, l, v.ID, v.Questions[n].ID, AnswerInput{Choices: []int{0}})
				must(t, err)
			}
		}
		_, err = e.svc.Submit(ctx, l, v.ID)
		must(t, err)
	}
	r, err := e.svc.Results(ctx, e.trainer, z.ID)
	must(t, err)
	if r.Submitted != 4 || r.Passed != 2 || r.Average != 62.5 || r.Buckets[2] != 1 || r.Buckets[9] != 1 {
		t.Errorf("totals %+v", r)
	}
	if len(r.Hardest) != 4 || r.Hardest[0].CorrectRate != 0.25 || r.Hardest[3].CorrectRate != 1 {
		t.Errorf("hardest %+v", r.Hardest)
	}
	if _, err := e.svc.Results(ctx, e.learners[0], z.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("learner sees results: %v", err)
	}
}
