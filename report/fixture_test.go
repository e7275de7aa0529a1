package report

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/course"
	"lms/internal/db"
	"lms/internal/testenv"
	"lms/org"
)

// fixture is a small organisation built through the org and course
// services, as an administrator and learners would build it.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	pool   *pgxpool.Pool
	org    *org.Service
	course *course.Service
	svc    *Service
	sys    *org.Actor
	units  map[string]*org.Unit
	users  map[string]int64
	year   int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	t.Parallel()
	pool := testenv.DB(t)
	f := &fixture{t: t, ctx: context.Background(), pool: pool, org: org.NewService(pool),
		course: course.NewService(pool), svc: NewService(pool), sys: org.System(),
		units: map[string]*org.Unit{}, users: map[string]int64{}, year: time.Now().In(chinaTime).Year()}
	// As the program wires them: the features tell the report of changes.
	f.org.Reporter, f.course.Reporter = f.svc, f.svc
	t.Cleanup(f.course.Close)
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// unit creates a unit under parent ("" for a new root).
func (f *fixture) unit(name, parent, kind string) *org.Unit {
	f.t.Helper()
	var parentID int64
	if parent != "" {
		parentID = f.units[parent].ID
	}
	u, err := f.org.CreateUnit(f.ctx, f.sys, parentID, name, kind)
	must(f.t, err)
	f.units[name] = u
	return u
}

// user creates an account in a unit; roles are scoped to that unit.
func (f *fixture) user(username, name, unit, rank string, roles ...org.Role) int64 {
	f.t.Helper()
	grants := []org.Grant{{Role: org.RoleLearner}}
	for _, r := range roles {
		grants = append(grants, org.Grant{Role: r, ScopeUnitID: f.units[unit].ID})
	}
	u, err := f.org.CreateUser(f.ctx, f.sys, org.UserInput{Username: username, DisplayName: name,
		UnitID: f.units[unit].ID, Rank: rank, Password: org.DemoPassword, Roles: grants})
	must(f.t, err)
	f.users[username] = u.ID
	return u.ID
}

// actor is how a signed-in user appears to the services.
func (f *fixture) actor(username string) *org.Actor {
	f.t.Helper()
	_, a, err := f.org.Login(f.ctx, username, org.DemoPassword, "127.0.0.1", "")
	must(f.t, err)
	return a
}

// newCourse publishes a course of article lessons that complete on the
// second heartbeat (no minimum reading time).
func (f *fixture) newCourse(title, category string, hours float64, lessons int) (int64, []int64) {
	f.t.Helper()
	c, err := f.course.CreateCourse(f.ctx, f.sys, course.CourseInput{Title: &title, Category: &category, Hours: &hours})
	must(f.t, err)
	var ids []int64
	for i := range lessons {
		l, err := f.course.AddLesson(f.ctx, f.sys, c.ID, course.LessonInput{Title: ptr(fmt.Sprintf("第%d课", i+1)),
			Kind: "article", MinSeconds: ptr(0), ArticleHTML: ptr("<p>学习材料</p>")})
		must(f.t, err)
		ids = append(ids, l.ID)
	}
	_, err = f.course.SetState(f.ctx, f.sys, c.ID, "published")
	must(f.t, err)
	return c.ID, ids
}

func (f *fixture) assign(courseID int64, unit string, year int, due time.Time) {
	f.t.Helper()
	_, err := f.course.Assign(f.ctx, f.sys, f.org, course.AssignInput{CourseID: courseID,
		UnitID: f.units[unit].ID, Mandatory: true, DueAt: due, Year: year})
	must(f.t, err)
}

// study reads a lesson: the first heartbeat starts the clock, the second
// earns the time since and completes an article without a minimum.
func (f *fixture) study(username string, lessonID int64) {
	f.t.Helper()
	a := &org.Actor{UserID: f.users[username]}
	pb := fmt.Sprintf("%s-%d", username, lessonID)
	for seq := int64(1); seq <= 2; seq++ {
		_, err := f.course.Heartbeat(f.ctx, a, lessonID, course.Beat{PlaybackID: pb, Seq: seq, Visible: true})
		must(f.t, err)
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *fixture) requirement(unit, rank string, hours float64, cycle, start int) {
	f.t.Helper()
	must(f.t, f.course.SetRequirement(f.ctx, f.sys, f.org, course.RequirementInput{UnitID: f.units[unit].ID,
		Rank: rank, Hours: hours, CycleYears: cycle, StartYear: start}))
}

// quiz stands in for the quiz feature's service where a test needs many
// results quickly: it writes a quiz and graded attempts in quiz's tables
// as grading would, an attempt first opened, then graded by an UPDATE, and
// tells the report in that transaction, as quiz.Service does through its
// Reporter (TestQuizFiguresFromGrading goes through quiz.Service itself).
func (f *fixture) quiz(courseID int64, mode string) int64 {
	f.t.Helper()
	var id int64
	must(f.t, f.pool.QueryRow(f.ctx, `INSERT INTO quizzes (title, course_id, mode, pass_mark, created_by)
		VALUES ('测验', $1, $2, 60, (SELECT min(id) FROM users)) RETURNING id`, courseID, mode).Scan(&id))
	return id
}

func (f *fixture) attempt(username string, quizID int64, percent float64) {
	f.t.Helper()
	must(f.t, db.InTx(f.ctx, f.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(f.ctx, `
			INSERT INTO quiz_attempts (quiz_id, user_id, number, paper, question_ids, max_score, day)
			VALUES ($1, $2, (SELECT count(*) + 1 FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2),
			        '[]', '{}', 100, CASE WHEN (SELECT mode FROM quizzes WHERE id = $1) = 'daily' THEN current_date END)
			RETURNING id`, quizID, f.users[username]).Scan(&id)
		if err != nil {
			return err
		}
		_, err = tx.Exec(f.ctx, `UPDATE quiz_attempts SET status = 'graded', submitted_at = now(),
			score = $2::numeric, percent = $2::numeric, passed = $2::numeric >= 60 WHERE id = $1`, id, percent)
		if err != nil {
			return err
		}
		return f.svc.AttemptsGraded(f.ctx, tx, f.users[username], quizID)
	}))
}

func (f *fixture) disable(username string) {
	f.t.Helper()
	_, err := f.org.UpdateUser(f.ctx, f.sys, f.users[username], org.UserPatch{Disabled: ptr(true)})
	must(f.t, err)
}

func (f *fixture) move(username, unit string) {
	f.t.Helper()
	_, err := f.org.UpdateUser(f.ctx, f.sys, f.users[username], org.UserPatch{UnitID: &f.units[unit].ID})
	must(f.t, err)
}

// verify fails the test if any pre-aggregated figure differs from the raw
// records.
func (f *fixture) verify() {
	f.t.Helper()
	diff, err := f.svc.Verify(f.ctx)
	must(f.t, err)
	if len(diff) > 0 {
		f.t.Fatalf("pre-aggregated figures differ from the raw records: %v", diff)
	}
}
