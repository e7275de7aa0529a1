package course

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lms/internal/apperr"
	"lms/internal/testenv"
	"lms/org"
)

type fixture struct {
	t     *testing.T
	ctx   context.Context
	org   *org.Service
	svc   *Service
	clock atomic.Int64 // seconds added to the real time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	t.Parallel()
	pool := testenv.DB(t)
	f := &fixture{t: t, ctx: context.Background(), org: org.NewService(pool), svc: NewService(pool)}
	f.svc.now = func() time.Time { return time.Now().Add(time.Duration(f.clock.Load()) * time.Second) }
	t.Cleanup(f.svc.Close)
	if _, err := f.org.SeedDemo(f.ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) actor(username string) *org.Actor {
	f.t.Helper()
	_, a, err := f.org.Login(f.ctx, username, org.DemoPassword, "127.0.0.1", "")
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *fixture) unitID(path string) int64 {
	id, err := f.org.UnitIDByPath(f.ctx, path)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// course builds a published course with a 60 s video lesson and a
// 20 s-reading article, assigned to 第一党支部.
func (f *fixture) course(hours float64) (*Course, *Lesson, *Lesson) {
	f.t.Helper()
	trainer := f.actor("demo_trainer")
	c, err := f.svc.CreateCourse(f.ctx, trainer, CourseInput{Title: ptr("学习贯彻党的二十大精神"), Hours: &hours})
	must(f.t, err)
	video, err := f.svc.AddLesson(f.ctx, trainer, c.ID, LessonInput{Title: ptr("专题讲座"), Kind: "video"})
	must(f.t, err)
	_, err = f.svc.db.Exec(f.ctx, `UPDATE lessons SET duration = 60 WHERE id = $1`, video.ID)
	must(f.t, err)
	article, err := f.svc.AddLesson(f.ctx, trainer, c.ID, LessonInput{Title: ptr("学习材料"), Kind: "article",
		MinSeconds: ptr(20), ArticleHTML: ptr(`<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>`)})
	must(f.t, err)
	_, err = f.svc.SetState(f.ctx, trainer, c.ID, "published")
	must(f.t, err)
	_, err = f.svc.Assign(f.ctx, f.actor("demo_committee"), f.org, AssignInput{CourseID: c.ID,
		UnitID: f.unitID("示范能源集团/华北分公司党委/生产党总支/第一党支部"), Mandatory: true,
		DueAt: time.Now().Add(30 * 24 * time.Hour), Year: time.Now().Year()})
	must(f.t, err)
	return c, video, article
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

func (f *fixture) beat(a *org.Actor, lessonID int64, b Beat) *BeatReply {
	f.t.Helper()
	r, err := f.svc.Heartbeat(f.ctx, a, lessonID, b)
	must(f.t, err)
	return r
}

func TestArticleSanitised(t *testing.T) {
	f := newFixture(t)
	_, _, article := f.course(1)
	l, err := getLesson(f.ctx, f.svc.db, article.ID)
	must(t, err)
	for _, bad := range []string{"script", "onclick", "javascript:"} {
		if strings.Contains(l.ArticleHTML, bad) {
			t.Errorf("article keeps %s: %s", bad, l.ArticleHTML)
		}
	}
}

// A learner watches the video and reads the article: the course completes
// and its hours are credited exactly once.
func TestStudyToCompletion(t *testing.T) {
	f := newFixture(t)
	c, video, article := f.course(2.5)
	learner := f.actor("demo_learner")
	f.beat(learner, video.ID, Beat{PlaybackID: "p1", Seq: 1, Rate: 1, Visible: true})
	for i := 0; i < 6; i++ {
		f.clock.Add(10)
		r := f.beat(learner, video.ID, Beat{PlaybackID: "p1", Seq: int64(i + 2), Rate: 1, Visible: true,
			Position: float64(i*10 + 10), Played: []Span{{float64(i * 10), float64(i*10 + 10)}}})
		if r.Credited < 9.99 {
			t.Fatalf("beat %d credited %v", i, r.Credited)
		}
	}
	p, err := f.svc.Progress(f.ctx, learner, video.ID)
	must(t, err)
	if !p.Completed || p.Covered != 60 || p.Position != 60 {
		t.Fatalf("video progress %+v", p)
	}
	f.beat(learner, article.ID, Beat{PlaybackID: "r1", Seq: 1, Visible: true})
	// The heartbeat that completes the last lesson says the course completed.
	lessonDone, courseDone := -1, -1
	for i := 0; i < 3; i++ {
		f.clock.Add(10)
		r := f.beat(learner, article.ID, Beat{PlaybackID: "r1", Seq: int64(i + 2), Visible: true})
		if r.LessonCompleted && lessonDone < 0 {
			lessonDone = i
		}
		if r.CourseCompleted && courseDone < 0 {
			courseDone = i
		}
	}
	if lessonDone < 0 || courseDone != lessonDone {
		t.Errorf("lesson completed at beat %d, course at beat %d", lessonDone, courseDone)
	}
	courses, err := f.svc.MyCourses(f.ctx, learner)
	must(t, err)
	if len(courses) != 1 || courses[0].State != "completed" || courses[0].Percent != 100 {
		t.Fatalf("my courses %+v", courses)
	}
	var hours float64
	var n int
	must(t, f.svc.db.QueryRow(f.ctx, `SELECT count(*), coalesce(sum(hours), 0)::float8 FROM credit_ledger WHERE course_id = $1`, c.ID).Scan(&n, &hours))
	if n != 1 || hours != 2.5 {
		t.Errorf("ledger: %d rows, %v hours", n, hours)
	}
	// More heartbeats on a completed course credit nothing twice.
	f.clock.Add(10)
	f.beat(learner, article.ID, Beat{PlaybackID: "r1", Seq: 9, Visible: true})
	must(t, f.svc.db.QueryRow(f.ctx, `SELECT count(*) FROM credit_ledger WHERE course_id = $1`, c.ID).Scan(&n))
	if n != 1 {
		t.Errorf("credited twice")
	}
}

func TestHeartbeatRefusals(t *testing.T) {
	f := newFixture(t)
	_, video, _ := f.course(1)
	outsider := f.actor("bgs_01") // not in the assigned branch
	_, err := f.svc.Heartbeat(f.ctx, outsider, video.ID, Beat{PlaybackID: "x", Seq: 1, Rate: 1, Visible: true})
	if !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("not enrolled: %v", err)
	}
	learner := f.actor("demo_learner")
	for name, b := range map[string]Beat{
		"past the end": {PlaybackID: "x", Seq: 2, Rate: 1, Played: []Span{{50, 90}}},
		"rate":         {PlaybackID: "x", Seq: 2, Rate: 1.5},
		"future":       {PlaybackID: "x", Seq: 2, Rate: 1, ClientTime: time.Now().Add(time.Hour)},
		"negative":     {PlaybackID: "x", Seq: 2, Rate: 1, Played: []Span{{-3, 2}}},
	} {
		if _, err := f.svc.Heartbeat(f.ctx, learner, video.ID, b); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	p, _ := f.svc.Progress(f.ctx, learner, video.ID)
	if p.Covered != 0 || p.Position != 0 {
		t.Errorf("refused beats changed progress: %+v", p)
	}
}

// Many learners at once: every acknowledged heartbeat is in the database.
func TestConcurrentHeartbeats(t *testing.T) {
	f := newFixture(t)
	_, video, _ := f.course(1)
	var learners []*org.Actor
	for _, prefix := range []string{"hb1_"} {
		for i := 1; i <= 6; i++ {
			learners = append(learners, f.actor(fmt.Sprintf("%s%02d", prefix, i)))
		}
	}
	learners = append(learners, f.actor("demo_learner"))
	for _, a := range learners {
		f.beat(a, video.ID, Beat{PlaybackID: "p", Seq: 1, Rate: 1, Visible: true})
	}
	f.clock.Add(10)
	var wg sync.WaitGroup
	for _, a := range learners {
		for k := 0; k < 5; k++ { // network retries of the same heartbeat
			wg.Add(1)
			go func() {
				defer wg.Done()
				f.beat(a, video.ID, Beat{PlaybackID: "p", Seq: 2, Rate: 1, Visible: true, Played: []Span{{0, 10}}, Position: 10})
			}()
		}
	}
	wg.Wait()
	for _, a := range learners {
		p, err := f.svc.Progress(f.ctx, a, video.ID)
		must(t, err)
		if p.Covered != 10 {
			t.Errorf("%s covered %v", a.Username, p.Covered)
		}
	}
}

// The dashboard enrols a learner in what covers them; visiting it again
// writes nothing, and two assignments of one course to nested units give
// one enrollment, mandatory if either is, with the earlier due date.
func TestDashboardSyncWritesOnlyChanges(t *testing.T) {
	f := newFixture(t)
	c, _, _ := f.course(1)
	learner := f.actor("demo_learner")
	early := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Second)
	_, err := f.svc.Assign(f.ctx, f.actor("demo_committee"), f.org, AssignInput{CourseID: c.ID,
		UnitID: f.unitID("示范能源集团/华北分公司党委"), Mandatory: false, DueAt: early, Year: time.Now().Year()})
	must(t, err)
	version := func() (xmin string, due time.Time) {
		must(t, f.svc.db.QueryRow(f.ctx, `SELECT xmin::text, due_at FROM enrollments WHERE user_id = $1 AND course_id = $2`,
			learner.UserID, c.ID).Scan(&xmin, &due))
		return xmin, due
	}
	list, err := f.svc.MyCourses(f.ctx, learner)
	must(t, err)
	if len(list) != 1 || !list[0].Mandatory {
		t.Fatalf("my courses: %+v", list)
	}
	before, due := version()
	if !due.Equal(early) {
		t.Errorf("due %v, want the earlier %v", due, early)
	}
	for range 3 {
		_, err := f.svc.MyCourses(f.ctx, learner)
		must(t, err)
	}
	if after, _ := version(); after != before {
		t.Errorf("visiting the dashboard rewrote the enrollment (xmin %s → %s)", before, after)
	}
	// Someone who joins the branch later is covered by both assignments.
	newcomer, err := f.org.CreateUser(f.ctx, f.actor("demo_admin"), org.UserInput{Username: "newcomer",
		DisplayName: "新同志", UnitID: f.unitID("示范能源集团/华北分公司党委/生产党总支/第一党支部"), Password: "Newcomer2026!x"})
	must(t, err)
	list, err = f.svc.MyCourses(f.ctx, &org.Actor{UserID: newcomer.ID})
	must(t, err)
	if len(list) != 1 || !list[0].Mandatory || list[0].DueAt == nil || !list[0].DueAt.Equal(early) {
		t.Errorf("newcomer's courses: %+v", list)
	}
}
