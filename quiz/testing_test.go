package quiz

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"lms/internal/testenv"
)

// env is a fresh database with a small organisation: root u1, a branch
// u1.u2 with a trainer and learners.
type env struct {
	t        *testing.T
	pool     *pgxpool.Pool
	svc      *Service
	trainer  Viewer
	learners []Viewer
	clock    *testenv.Clock
	courses  staffTable
}

// staffTable is the course feature as quiz sees it: who teaches which
// course. The real one (course.Service) is joined in cmd/lms and web tests.
type staffTable map[int64]CourseStaff

func (m staffTable) Staff(_ context.Context, ids []int64) (map[int64]CourseStaff, error) {
	out := map[int64]CourseStaff{}
	for _, id := range ids {
		if st, ok := m[id]; ok {
			out[id] = st
		}
	}
	return out, nil
}

// course makes id a course of the branch taught by the env's trainer.
func (e *env) course(id int64) *int64 {
	e.courses[id] = CourseStaff{UnitPath: "u1.u2", Teachers: []int64{e.trainer.UserID}}
	return &id
}

func newEnv(t *testing.T, learners int) *env {
	t.Helper()
	pool := testenv.DB(t)
	ctx := context.Background()
	e := &env{t: t, pool: pool, svc: NewService(pool), clock: testenv.NewClock(time.Now()), courses: staffTable{}}
	e.svc.now, e.svc.Courses = e.clock.Now, e.courses
	var root, branch int64
	must(t, pool.QueryRow(ctx, `INSERT INTO units (name, path) VALUES ('集团', 'u1') RETURNING id`).Scan(&root))
	must(t, pool.QueryRow(ctx, `INSERT INTO units (parent_id, name, path) VALUES ($1, '支部', 'u1.u2') RETURNING id`, root).Scan(&branch))
	e.trainer = Viewer{UserID: e.user(ctx, "trainer", branch), UnitPath: "u1.u2", Manager: true}
	for i := range learners {
		e.learners = append(e.learners, Viewer{UserID: e.user(ctx, fmt.Sprintf("learner%d", i), branch), UnitPath: "u1.u2"})
	}
	return e
}

func (e *env) user(ctx context.Context, name string, unit int64) int64 {
	var id int64
	must(e.t, e.pool.QueryRow(ctx, `INSERT INTO users (username, display_name, unit_id) VALUES ($1, $1, $2) RETURNING id`,
		name, unit).Scan(&id))
	return id
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// bank makes a bank with the questions of a GIFT text.
func (e *env) bank(gift string) *Bank {
	e.t.Helper()
	ctx := context.Background()
	b, err := e.svc.CreateBank(ctx, e.trainer, BankInput{Name: "题库"})
	must(e.t, err)
	rep, err := e.svc.Import(ctx, e.trainer, b.ID, FormatGIFT, []byte(gift), false)
	must(e.t, err)
	if len(rep.Problems) > 0 {
		e.t.Fatalf("import: %v", rep.Problems)
	}
	return b
}

func (e *env) questionIDs(bankID int64) []int64 {
	qs, err := allQuestions(context.Background(), e.pool, bankID)
	must(e.t, err)
	var ids []int64
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	return ids
}

// fixedQuiz makes a quiz of all the bank's questions, one point each.
func (e *env) fixedQuiz(bankID int64, mod func(*Quiz)) *Quiz {
	e.t.Helper()
	z := Quiz{Title: "测验", PassMark: 60}
	for _, id := range e.questionIDs(bankID) {
		z.Items = append(z.Items, QuizItem{QuestionID: id, Points: 1})
	}
	if mod != nil {
		mod(&z)
	}
	out, err := e.svc.CreateQuiz(context.Background(), e.trainer, z)
	must(e.t, err)
	return out
}

// sampleGIFT: a single choice (A right), a multiple choice (A, B), a true
// statement, a fill-in, and a short answer. Option feedback and the
// explanations carry markers that must never reach a learner early.
const sampleGIFT = `::单选::党的根本宗旨是？{=全心全意为人民服务#SECRET-FEEDBACK-1 ~实现共产主义 ~发展生产力####SECRET-EXPLANATION-1}

::多选::“四个意识”包括？{~%50%政治意识 ~%50%大局意识 ~创新意识#SECRET-FEEDBACK-2}

::判断::党员应当按期交纳党费。{TRUE####SECRET-EXPLANATION-3}

::填空::党的最高领导机关是党的{=全国代表大会}。

::简答::请简述初心使命。{}
`

func jobFor(attemptID int64) *river.Job[SubmitDueArgs] {
	return &river.Job[SubmitDueArgs]{JobRow: &rivertype.JobRow{}, Args: SubmitDueArgs{AttemptID: attemptID}}
}
