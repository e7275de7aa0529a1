package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/app/apptest"
	"lms/org"
	"lms/quiz"
)

// quizCourseServer is the web server with courses and quizzes joined as
// the program joins them: quiz learns who teaches a course from course.
func quizCourseServer(t *testing.T) (*testServer, *pgxpool.Pool) {
	t.Helper()
	a, srv := appServer(t, apptest.Options{}, nil)
	return &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}, a.Pool
}

// courseGIFT: a course bank's questions; the short answer waits for a
// trainer's grade.
const courseGIFT = `::宗旨::党的根本宗旨是什么？{=全心全意为人民服务#KEY-FEEDBACK ~实现共产主义 ~发展生产力####KEY-EXPLANATION}

::简答::请简述初心使命。{}
`

// courseQuiz is a course of demo_trainer with a bank, a required quiz and
// a learner's submitted attempt whose short answer waits for a grade.
type courseQuiz struct {
	course, bank, quiz, attempt int64
	question, short             int64 // the choice question, the short answer
}

func (ts *testServer) courseQuiz(t *testing.T) courseQuiz {
	t.Helper()
	c := ts.seedCourse(t, "党章专题", false)
	ts.assignTo(t, c.ID, firstBranch, 30)
	owner := ts.login(t, "demo_trainer")
	f := courseQuiz{course: c.ID}
	var b quiz.Bank
	if st := owner.do("POST", "/api/v1/banks", map[string]any{"name": "课程题库", "course_id": c.ID}, &b); st != 201 {
		t.Fatalf("owner creates the course bank: %d", st)
	}
	f.bank = b.ID
	ct, body := multipartFile(t, "q.gift.txt", []byte(courseGIFT))
	if st, out := owner.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", b.ID), ct, body); st != 200 {
		t.Fatalf("owner imports: %d %s", st, out)
	}
	var page quiz.QuestionPage
	owner.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", b.ID), nil, &page)
	var items []map[string]any
	for _, q := range page.Questions {
		items = append(items, map[string]any{"question_id": q.ID, "points": 10})
		if q.Type == quiz.Short {
			f.short = q.ID
		} else {
			f.question = q.ID
		}
	}
	var z quiz.Quiz
	if st := owner.do("POST", "/api/v1/quizzes", map[string]any{"title": "结业测验", "course_id": c.ID,
		"required": true, "pass_mark": 60, "max_attempts": 3, "items": items}, &z); st != 201 {
		t.Fatalf("owner creates the quiz: %d", st)
	}
	f.quiz = z.ID
	learner := ts.login(t, "demo_learner")
	var v quiz.AttemptView
	if st := learner.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", z.ID), nil, &v); st != 201 {
		t.Fatalf("learner starts: %d", st)
	}
	f.attempt = v.ID
	if st := learner.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", v.ID, f.short),
		map[string]any{"texts": []string{"为中国人民谋幸福"}}, nil); st != 200 {
		t.Fatalf("learner answers: %d", st)
	}
	if st := learner.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", v.ID), nil, nil); st != 200 {
		t.Fatalf("learner submits: %d", st)
	}
	return f
}

// quizProbe is one thing finding 1 says an outsider did to a course's
// quiz: a request and the status an owner gets for it.
type quizProbe struct {
	name, method, path string
	body               any
	ok                 int
}

func (f courseQuiz) probes() []quizProbe {
	swapped := map[string]any{"type": "single", "stem": "党的根本宗旨是什么？", "body": map[string]any{
		"options": []map[string]any{{"text": "全心全意为人民服务", "weight": 0}, {"text": "实现共产主义", "weight": 1}}}}
	return []quizProbe{
		{"read the bank's questions (weights, feedback, explanations)", "GET", fmt.Sprintf("/api/v1/banks/%d/questions", f.bank), nil, 200},
		{"export the bank as GIFT", "GET", fmt.Sprintf("/api/v1/banks/%d/export?format=gift", f.bank), nil, 200},
		{"export the bank as Excel", "GET", fmt.Sprintf("/api/v1/banks/%d/export?format=xlsx", f.bank), nil, 200},
		{"open the bank's page", "GET", fmt.Sprintf("/quiz/banks/%d", f.bank), nil, 200},
		{"open a question's editor", "GET", fmt.Sprintf("/quiz/questions/%d/edit", f.question), nil, 200},
		{"read every result with names", "GET", fmt.Sprintf("/api/v1/quizzes/%d/results", f.quiz), nil, 200},
		{"open the results page", "GET", fmt.Sprintf("/quiz/quizzes/%d/results", f.quiz), nil, 200},
		{"open a learner's attempt with the key", "GET", fmt.Sprintf("/quiz/attempts/%d/review", f.attempt), nil, 200},
		{"open the quiz's editor", "GET", fmt.Sprintf("/quiz/quizzes/%d/edit", f.quiz), nil, 200},
		{"grade another course's short answer", "PUT", fmt.Sprintf("/api/v1/attempts/%d/grades/%d", f.attempt, f.short),
			map[string]any{"score": 10}, 204},
		{"swap an answer key", "PUT", fmt.Sprintf("/api/v1/questions/%d", f.question), swapped, 200},
		{"set the pass mark to 0", "PUT", fmt.Sprintf("/api/v1/quizzes/%d", f.quiz), map[string]any{"title": "结业测验",
			"course_id": f.course, "required": true, "pass_mark": 0, "items": []map[string]any{{"question_id": f.question}}}, 200},
		{"create a required quiz in the course", "POST", "/api/v1/quizzes", map[string]any{"title": "加试", "course_id": f.course,
			"required": true, "pass_mark": 100, "items": []map[string]any{{"question_id": f.question}}}, 201},
		{"create a bank in the course", "POST", "/api/v1/banks", map[string]any{"name": "另一题库", "course_id": f.course}, 201},
		{"import into the bank", "POST", fmt.Sprintf("/api/v1/banks/%d/import", f.bank), "GIFT", 200},
		{"delete a question", "DELETE", fmt.Sprintf("/api/v1/questions/%d", f.question), nil, 204},
	}
}

// run sends a probe and returns the status and body.
func (c *client) probe(t *testing.T, p quizProbe) (int, string) {
	t.Helper()
	if p.body == "GIFT" {
		ct, body := multipartFile(t, "more.gift.txt", []byte("::加题::党员应当按期交纳党费。{T}\n"))
		return c.quizRaw(p.method, p.path, ct, body)
	}
	var data []byte
	if p.body != nil {
		data, _ = jsonMarshal(p.body)
	}
	return c.quizRaw(p.method, p.path, "application/json", data)
}

// quizState is every quiz row in the database, to show a refused attacker
// changed nothing.
func quizState(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var out string
	err := pool.QueryRow(context.Background(), `SELECT concat_ws('|',
		(SELECT string_agg(b::text, ',' ORDER BY id) FROM quiz_banks b),
		(SELECT string_agg(q::text, ',' ORDER BY id) FROM quiz_questions q),
		(SELECT string_agg(z::text, ',' ORDER BY id) FROM quizzes z),
		(SELECT string_agg(i::text, ',' ORDER BY quiz_id, position) FROM quiz_items i),
		(SELECT string_agg(a::text, ',' ORDER BY id) FROM quiz_attempts a),
		(SELECT string_agg(x::text, ',' ORDER BY attempt_id, question_id) FROM quiz_answers x))`).Scan(&out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// addUsers makes the other people of the attack: a trainer of 华南 who
// owns nothing, a co-trainer, and an admin of 华北 only.
func (ts *testServer) addQuizUsers(t *testing.T) {
	t.Helper()
	south, north := ts.unitID(t, demoSouth), ts.unitID(t, demoNorth)
	for _, in := range []org.UserInput{
		{Username: "south_trainer", DisplayName: "南区讲师", UnitID: south, Password: org.DemoPassword,
			Roles: []org.Grant{{Role: org.RoleTrainer}}},
		{Username: "co_trainer", DisplayName: "合作讲师", UnitID: south, Password: org.DemoPassword,
			Roles: []org.Grant{{Role: org.RoleTrainer}}},
		{Username: "north_admin", DisplayName: "北区管理员", UnitID: north, Password: org.DemoPassword,
			Roles: []org.Grant{{Role: org.RoleAdmin, ScopeUnitID: north}}},
	} {
		if _, err := ts.Org.CreateUser(context.Background(), org.System(), in); err != nil {
			t.Fatal(err)
		}
	}
}

// Finding 1: a trainer of another unit who owns nothing in a course, an
// admin of another subtree and a learner try everything the report lists
// against the course's bank, quiz, results and grading. Each is refused
// (403 or 404), no key or explanation comes back, and the database is as
// it was.
func TestQuizCourseSealedFromOutsiders(t *testing.T) {
	t.Parallel()
	ts, pool := quizCourseServer(t)
	ts.addQuizUsers(t)
	f := ts.courseQuiz(t)
	for _, who := range []string{"south_trainer", "north_admin", "hb1_01"} {
		c := ts.login(t, who)
		before := quizState(t, pool)
		for _, p := range f.probes() {
			st, body := c.probe(t, p)
			if st != 403 && st != 404 {
				t.Errorf("%s could %s: %d", who, p.name, st)
			}
			for _, secret := range []string{"KEY-", "初心使命", "为中国人民谋幸福"} {
				if strings.Contains(body, secret) {
					t.Errorf("%s, trying to %s, got %q", who, p.name, secret)
				}
			}
		}
		// Nor may they put the course's questions in a quiz of their own,
		// where they would see the key after submitting.
		for _, in := range []map[string]any{
			{"title": "借题", "items": []map[string]any{{"question_id": f.question}}},
			{"title": "借题库", "mode": "draw", "rules": []map[string]any{{"bank_id": f.bank, "count": 1}}},
		} {
			if st := c.do("POST", "/api/v1/quizzes", in, nil); st < 400 || st >= 500 {
				t.Errorf("%s drew on the course's questions in their own quiz: %d", who, st)
			}
		}
		var banks struct {
			Banks []quiz.Bank `json:"banks"`
		}
		c.do("GET", "/api/v1/banks", nil, &banks)
		for _, b := range banks.Banks {
			if b.ID == f.bank {
				t.Errorf("%s lists the course's bank", who)
			}
		}
		if who != "hb1_01" {
			if st := c.do("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", f.quiz), nil, nil); st != 404 {
				t.Errorf("%s, not enrolled, started the course's quiz (and would see its key): %d", who, st)
			}
		}
		if after := quizState(t, pool); after != before {
			t.Errorf("%s changed the quiz tables", who)
		}
	}
}

// An outside trainer's own quiz cannot be moved into the course, made
// required there.
func TestQuizCannotMoveIntoAnotherCourse(t *testing.T) {
	t.Parallel()
	ts, pool := quizCourseServer(t)
	ts.addQuizUsers(t)
	f := ts.courseQuiz(t)
	c := ts.login(t, "south_trainer")
	var b quiz.Bank
	if st := c.do("POST", "/api/v1/banks", map[string]any{"name": "自己的题库"}, &b); st != 201 {
		t.Fatalf("own bank: %d", st)
	}
	ct, body := multipartFile(t, "q.gift.txt", []byte("::自己::党员应当按期交纳党费。{T}\n"))
	c.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", b.ID), ct, body)
	var page quiz.QuestionPage
	c.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", b.ID), nil, &page)
	items := []map[string]any{{"question_id": page.Questions[0].ID}}
	var z quiz.Quiz
	if st := c.do("POST", "/api/v1/quizzes", map[string]any{"title": "自己的测验", "items": items}, &z); st != 201 {
		t.Fatalf("own quiz: %d", st)
	}
	before := quizState(t, pool)
	if st := c.do("PUT", fmt.Sprintf("/api/v1/quizzes/%d", z.ID), map[string]any{"title": "自己的测验",
		"course_id": f.course, "required": true, "items": items}, nil); st != 403 {
		t.Errorf("moved an own quiz into another's course as required: %d", st)
	}
	if quizState(t, pool) != before {
		t.Error("the move changed the quiz tables")
	}
}

// The course's co-trainer and an admin over the course's unit may do every
// one of those things.
func TestQuizCourseOpenToItsTrainersAndAdmins(t *testing.T) {
	t.Parallel()
	ts, pool := quizCourseServer(t)
	ts.addQuizUsers(t)
	ctx := context.Background()
	for _, who := range []string{"demo_trainer", "co_trainer", "demo_admin"} {
		f := ts.courseQuiz(t)
		owners := []int64{ts.user(t, "demo_trainer").ID, ts.user(t, "co_trainer").ID}
		if _, err := ts.Course.SetOwners(ctx, ts.courseActor(t, "demo_trainer"), f.course, owners); err != nil {
			t.Fatal(err)
		}
		c := ts.login(t, who)
		for _, p := range f.probes() {
			if st, body := c.probe(t, p); st != p.ok {
				t.Errorf("%s could not %s: %d %s", who, p.name, st, body)
			}
		}
	}
	var passMark float64
	if err := pool.QueryRow(ctx, `SELECT min(pass_mark) FROM quizzes`).Scan(&passMark); err != nil || passMark != 0 {
		t.Errorf("the trainers' change of pass mark: %v %v", passMark, err)
	}
}

// A bank shared with a unit is usable by the trainers of that subtree,
// read-only unless they made it; an admin of the subtree may change it.
func TestQuizSharedBankReadOnly(t *testing.T) {
	t.Parallel()
	ts, pool := quizCourseServer(t)
	ts.addQuizUsers(t)
	owner := ts.login(t, "demo_trainer")
	root := ts.user(t, "demo_admin").UnitPath
	var b quiz.Bank
	if st := owner.do("POST", "/api/v1/banks", map[string]any{"name": "集团共享题库", "unit_path": root}, &b); st != 201 {
		t.Fatalf("share a bank with the group: %d", st)
	}
	ct, body := multipartFile(t, "q.gift.txt", []byte(courseGIFT))
	if st, out := owner.quizRaw("POST", fmt.Sprintf("/api/v1/banks/%d/import", b.ID), ct, body); st != 200 {
		t.Fatalf("import: %d %s", st, out)
	}
	var page quiz.QuestionPage
	owner.do("GET", fmt.Sprintf("/api/v1/banks/%d/questions", b.ID), nil, &page)
	f := courseQuiz{bank: b.ID, question: page.Questions[0].ID}
	reads := map[string]bool{"read the bank's questions (weights, feedback, explanations)": true,
		"export the bank as GIFT": true, "export the bank as Excel": true, "open the bank's page": true,
		"open a question's editor": true}
	trainer := ts.login(t, "south_trainer")
	var listed struct {
		Banks []quiz.Bank `json:"banks"`
	}
	trainer.do("GET", "/api/v1/banks", nil, &listed)
	if len(listed.Banks) != 1 || listed.Banks[0].ID != b.ID || listed.Banks[0].Writable {
		t.Errorf("a trainer of the group lists %+v, want the shared bank, read-only", listed.Banks)
	}
	if !b.Writable {
		t.Error("the bank's maker is told it is read-only")
	}
	if _, page := trainer.get(fmt.Sprintf("/quiz/banks/%d", b.ID)); strings.Contains(page, `id="import-form"`) ||
		strings.Contains(page, "/questions/new") {
		t.Error("the read-only bank page offers to import or add questions")
	}
	before := quizState(t, pool)
	for _, p := range f.probes() {
		if !reads[p.name] && !strings.Contains(p.path, "/questions/") && !strings.Contains(p.path, "/import") {
			continue
		}
		st, _ := trainer.probe(t, p)
		switch {
		case reads[p.name] && st != 200:
			t.Errorf("a trainer of the group could not %s: %d", p.name, st)
		case !reads[p.name] && st != 403:
			t.Errorf("a trainer of the group, trying to %s in a shared bank: %d, want 403", p.name, st)
		}
	}
	if quizState(t, pool) != before {
		t.Error("a read-only user changed the shared bank")
	}
	var quizOK quiz.Quiz
	if st := trainer.do("POST", "/api/v1/quizzes", map[string]any{"title": "用共享题库", "items": []map[string]any{
		{"question_id": f.question}}}, &quizOK); st != 201 {
		t.Errorf("a trainer of the group could not draw on the shared bank: %d", st)
	}
	admin := ts.login(t, "demo_admin")
	if st, _ := admin.probe(t, quizProbe{method: "DELETE", path: fmt.Sprintf("/api/v1/questions/%d", f.question)}); st != 204 {
		t.Errorf("the group's admin could not change the shared bank: %d", st)
	}
}
