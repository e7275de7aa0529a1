package course

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// studyLessons publishes two courses for 第一党支部 with 600 s video lessons
// and 600 s-reading articles: videos and articles of the first, then of
// the second. Both courses forbid skipping ahead (the default).
func (f *fixture) studyLessons() []int64 {
	f.t.Helper()
	var ids []int64
	for i, n := range [][2]int{{2, 1}, {1, 1}} {
		c, err := f.svc.CreateCourse(f.ctx, f.actor("demo_trainer"), CourseInput{Title: ptr(fmt.Sprintf("专题 %d", i+1)), Hours: ptr(1.0)})
		must(f.t, err)
		for v := range n[0] {
			l, err := f.svc.AddLesson(f.ctx, f.actor("demo_trainer"), c.ID, LessonInput{Title: ptr(fmt.Sprintf("讲座 %d", v)), Kind: "video"})
			must(f.t, err)
			_, err = f.svc.db.Exec(f.ctx, `UPDATE lessons SET duration = 600 WHERE id = $1`, l.ID)
			must(f.t, err)
			ids = append(ids, l.ID)
		}
		for a := range n[1] {
			l, err := f.svc.AddLesson(f.ctx, f.actor("demo_trainer"), c.ID, LessonInput{Title: ptr(fmt.Sprintf("材料 %d", a)),
				Kind: "article", MinSeconds: ptr(600), ArticleHTML: ptr("<p>正文</p>")})
			must(f.t, err)
			ids = append(ids, l.ID)
		}
		_, err = f.svc.SetState(f.ctx, f.actor("demo_trainer"), c.ID, "published")
		must(f.t, err)
		_, err = f.svc.Assign(f.ctx, f.actor("demo_committee"), f.org, AssignInput{CourseID: c.ID,
			UnitID: f.unitID("示范能源集团/华北分公司党委/生产党总支/第一党支部"), Mandatory: true,
			DueAt: time.Now().Add(30 * 24 * time.Hour), Year: time.Now().Year()})
		must(f.t, err)
	}
	return ids
}

// A script posts to five lessons of two courses (videos and articles) at
// once, every ten seconds, each beat claiming ten seconds played: with the
// same playback id everywhere, or one id per lesson. Whatever it does, the
// learner's lessons together earn no more than the wall-clock time
// between the first and the last beat (with the 5 % for jitter).
func TestOneStudyClockPerLearner(t *testing.T) {
	f := newFixture(t)
	lessons := f.studyLessons()
	scripts := map[string]func(i int) string{
		"hb1_01": func(int) string { return "same" },
		"hb1_02": func(i int) string { return fmt.Sprintf("tab%d", i) },
	}
	for user, playback := range scripts {
		learner := f.actor(user)
		start := f.svc.now()
		var mu sync.Mutex
		var credited float64
		for step := int64(1); step <= 7; step++ {
			if step > 1 {
				f.clock.Add(10)
			}
			var wg sync.WaitGroup
			for i, id := range lessons {
				wg.Add(1)
				go func() {
					defer wg.Done()
					b := Beat{PlaybackID: playback(i), Seq: step, Rate: 1, Visible: true}
					if step > 1 {
						from := float64(step-2) * 10
						b.Played, b.Position = []Span{{from, from + 10}}, from+10
					}
					r, err := f.svc.Heartbeat(f.ctx, learner, id, b)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					credited += r.Credited
					mu.Unlock()
				}()
			}
			wg.Wait()
		}
		wall := f.svc.now().Sub(start).Seconds()
		stored := f.studied(learner, lessons)
		if limit := wall*jitter + 1e-6; credited > limit || stored > limit {
			t.Errorf("%s (%s ids): %.1f s credited, %.1f s stored in %.1f s of wall clock (at most %.1f)",
				user, playback(0)+"/"+playback(1), credited, stored, wall, limit)
		}
		if credited < 1 {
			t.Errorf("%s: the script's one accruing lesson earned nothing", user)
		}
	}
}

// studied sums a learner's recorded study time over lessons: coverage of
// videos, reading time of the others.
func (f *fixture) studied(a *org.Actor, lessons []int64) float64 {
	f.t.Helper()
	var total float64
	for _, id := range lessons {
		p, err := f.svc.Progress(f.ctx, a, id)
		must(f.t, err)
		total += p.Covered
		if p.Covered == 0 {
			total += p.Active
		}
	}
	return total
}

// A reader's page sends a heartbeat every ten seconds while shown. A gap of
// a minute between two heartbeats (the page was closed, the phone asleep)
// earns one cadence, not the minute.
func TestReadingGapEarnsOneCadence(t *testing.T) {
	f := newFixture(t)
	_, _, article := f.course(1)
	learner := f.actor("demo_learner")
	f.beat(learner, article.ID, Beat{PlaybackID: "r", Seq: 1, Visible: true})
	f.clock.Add(60)
	if r := f.beat(learner, article.ID, Beat{PlaybackID: "r", Seq: 2, Visible: true}); r.Credited > readCadence.Seconds()*jitter {
		t.Errorf("a 60 s gap credited %.1f s of reading", r.Credited)
	}
	f.clock.Add(10)
	if r := f.beat(learner, article.ID, Beat{PlaybackID: "r", Seq: 3, Visible: true}); r.Credited < 9.99 || r.Credited > 10*jitter {
		t.Errorf("ten seconds of reading credited %.1f s", r.Credited)
	}
}

// Where the course forbids skipping ahead, a script that reports a
// stretch beyond the furthest point reached (plus one segment) earns
// nothing for it; within reach it earns as before.
func TestNoSkippingAheadOnTheServer(t *testing.T) {
	f := newFixture(t)
	_, video, _ := f.course(1) // forbids skipping: the default
	learner := f.actor("demo_learner")
	play := func(seq int64, from, to float64) *BeatReply {
		f.clock.Add(10)
		return f.beat(learner, video.ID, Beat{PlaybackID: "p", Seq: seq, Rate: 1, Visible: true, Position: to, Played: []Span{{from, to}}})
	}
	f.beat(learner, video.ID, Beat{PlaybackID: "p", Seq: 1, Rate: 1, Visible: true})
	if r := play(2, 40, 50); r.Credited != 0 || r.Furthest != 0 {
		t.Errorf("a jump to 0:40 credited %v (furthest %v)", r.Credited, r.Furthest)
	}
	if r := play(3, 0, 10); r.Credited != 10 {
		t.Errorf("playing from the start credited %v", r.Credited)
	}
	if r := play(4, 13, 23); r.Credited != 10 || r.Furthest != 23 {
		t.Errorf("within one segment of the furthest point: %+v", r)
	}
	if r := play(5, 40, 50); r.Credited != 0 {
		t.Errorf("a second jump credited %v", r.Credited)
	}

	// A course that allows skipping credits the stretch played after a seek.
	c, open, _ := f.course(1)
	_, err := f.svc.UpdateCourse(f.ctx, f.actor("demo_trainer"), c.ID, CourseInput{ForbidSkip: ptr(false)})
	must(t, err)
	f.beat(learner, open.ID, Beat{PlaybackID: "q", Seq: 1, Rate: 1, Visible: true})
	f.clock.Add(10)
	if r := f.beat(learner, open.ID, Beat{PlaybackID: "q", Seq: 2, Rate: 1, Visible: true, Position: 50, Played: []Span{{40, 50}}}); r.Credited != 10 {
		t.Errorf("seek allowed, yet credited %v", r.Credited)
	}
}

// An open course's lessons are for those who study it: a learner who has
// not enrolled sees the course (to enrol) but not a lesson's content, its
// document or its progress; once enrolled they do.
func TestLessonContentNeedsEnrolment(t *testing.T) {
	f := newFixture(t)
	c, video, article := f.course(1)
	_, err := f.svc.UpdateCourse(f.ctx, f.actor("demo_trainer"), c.ID, CourseInput{Open: ptr(true)})
	must(t, err)
	outsider := f.actor("bgs_01") // not in the assigned branch
	if _, err := f.svc.Course(f.ctx, outsider, c.ID); err != nil {
		t.Fatalf("open course hidden from the catalogue's reader: %v", err)
	}
	for name, try := range map[string]func() error{
		"lesson":   func() error { _, _, err := f.svc.Study(f.ctx, outsider, article.ID); return err },
		"document": func() error { _, _, err := f.svc.Document(f.ctx, outsider, article.ID); return err },
		"progress": func() error { _, err := f.svc.Progress(f.ctx, outsider, video.ID); return err },
	} {
		if err := try(); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("%s without enrolling: %v", name, err)
		}
	}
	must(t, f.svc.SelfEnroll(f.ctx, outsider, c.ID))
	if _, err := f.svc.Progress(f.ctx, outsider, video.ID); err != nil {
		t.Errorf("progress once enrolled: %v", err)
	}
}
