package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"lms/course"
	"lms/org"
)

// A script posts heartbeats with one playback id to three reading lessons
// of three courses at once: together they earn no more than the wall-clock
// time the script took (with 5 % for jitter), not three times it.
func TestOneClockOverHTTP(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	learner := ts.login(t, "demo_learner")
	var lessons []int64
	for i := range 3 {
		crs := ts.seedCourse(t, fmt.Sprintf("专题学习 %d", i+1), true)
		ts.setReadingTime(t, crs.Article, 600)
		if st := learner.do("POST", fmt.Sprintf("/api/v1/courses/%d/enroll", crs.ID), nil, nil); st != http.StatusNoContent {
			t.Fatalf("enrol: %d", st)
		}
		lessons = append(lessons, crs.Article)
	}
	start := time.Now()
	var credited float64
	for seq := int64(1); seq <= 3; seq++ {
		if seq > 1 {
			time.Sleep(2500 * time.Millisecond)
		}
		credited += beatAll(t, learner, lessons, course.Beat{PlaybackID: "script", Seq: seq, Visible: true})
	}
	wall := time.Since(start).Seconds()
	if credited > wall*1.05 || credited < 2 {
		t.Errorf("%.1f s of reading credited in %.1f s of wall clock", credited, wall)
	}
}

// beatAll posts one heartbeat to each lesson at once and sums what they
// credited.
func beatAll(t *testing.T, c *client, lessons []int64, b course.Beat) float64 {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	var sum float64
	for _, id := range lessons {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r course.BeatReply
			if st := c.do("POST", fmt.Sprintf("/api/v1/lessons/%d/heartbeat", id), b, &r); st != 200 {
				t.Errorf("heartbeat to lesson %d: %d", id, st)
			}
			mu.Lock()
			sum += r.Credited
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sum
}

// The course forbids skipping ahead. A script that fetched the segment at
// 0:08 and reports it played, without having reached it, earns nothing;
// once it played from the start, the next segment counts.
func TestNoSkippingAheadOverHTTP(t *testing.T) {
	t.Parallel()
	ms := newCourseMediaServer(t)
	_, lessonID := ms.videoLesson(t, false)
	learner := ms.login(t, "demo_learner")
	var asset int64
	if err := ms.pool.QueryRow(context.Background(), `SELECT media_asset_id FROM lessons WHERE id = $1`, lessonID).Scan(&asset); err != nil {
		t.Fatal(err)
	}
	var pb playbackOut
	if st := learner.do("GET", fmt.Sprintf("/api/v1/media/%d/playback", asset), nil, &pb); st != 200 {
		t.Fatalf("playback: %d", st)
	}
	for _, seg := range []string{"seg_00000.ts", "seg_00002.ts"} {
		if st, _, _ := learner.raw("GET", pb.Base+pb.Renditions[0].Name+"/"+seg, "", nil); st != 200 {
			t.Fatalf("segment %s: %d", seg, st)
		}
	}
	path := fmt.Sprintf("/api/v1/lessons/%d/heartbeat", lessonID)
	beat := func(seq int64, played ...course.Span) course.BeatReply {
		t.Helper()
		var r course.BeatReply
		b := course.Beat{PlaybackID: "script", Seq: seq, Position: 12, Played: played, Rate: 1, Visible: true}
		if st := learner.do("POST", path, b, &r); st != 200 || !r.Accepted {
			t.Fatalf("heartbeat %d: %d %+v", seq, st, r)
		}
		return r
	}
	beat(1)
	time.Sleep(2200 * time.Millisecond) // at 2× allowed, room for 4.6 s
	if r := beat(2, course.Span{Start: 8, End: 12}); r.Credited != 0 || r.Furthest != 0 {
		t.Errorf("a jump to 0:08 earned %+v", r)
	}
	time.Sleep(2200 * time.Millisecond)
	if r := beat(3, course.Span{Start: 0, End: 4}); r.Credited < 3.99 || r.Furthest != 4 {
		t.Errorf("playing from the start: %+v", r)
	}
	time.Sleep(2200 * time.Millisecond)
	if r := beat(4, course.Span{Start: 8, End: 12}); r.Credited < 3.99 || r.Furthest != 12 {
		t.Errorf("one segment past the furthest point: %+v", r)
	}
}

// An open course's lessons and documents are for its learners: someone
// not enrolled gets 403 from the API as from the pages, while the
// catalogue lists the course and lets them enrol; after enrolling both
// answer.
func TestLessonAPIAgreesWithPages(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "开放课程", true)
	doc := ts.documentLesson(t, crs.ID)
	c := ts.login(t, "bgs_01")
	urls := []string{
		fmt.Sprintf("/api/v1/lessons/%d", crs.Article),
		fmt.Sprintf("/api/v1/lessons/%d", doc),
		fmt.Sprintf("/api/v1/lessons/%d/document", doc),
		fmt.Sprintf("/api/v1/lessons/%d/progress", crs.Article),
		fmt.Sprintf("/lessons/%d", crs.Article),
		fmt.Sprintf("/lessons/%d", doc),
		fmt.Sprintf("/lessons/%d/document", doc),
	}
	for _, u := range urls {
		if st, body := c.get(u); st != http.StatusForbidden {
			t.Errorf("not enrolled: %s answered %d: %.200s", u, st, body)
		}
	}
	st, body := c.get("/catalogue?q=" + url.QueryEscape("开放课程"))
	wantPage(t, st, 200, body, "开放课程")
	if st := c.do("GET", fmt.Sprintf("/api/v1/courses/%d", crs.ID), nil, nil); st != 200 {
		t.Errorf("course outline: %d", st)
	}
	if st := c.do("POST", fmt.Sprintf("/api/v1/courses/%d/enroll", crs.ID), nil, nil); st != http.StatusNoContent {
		t.Fatalf("enrol: %d", st)
	}
	for _, u := range urls {
		if st, body := c.get(u); st != 200 {
			t.Errorf("enrolled: %s answered %d: %.200s", u, st, body)
		}
	}
	var out struct {
		Lesson course.Lesson `json:"lesson"`
	}
	if st := c.do("GET", urls[0], nil, &out); st != 200 || !strings.Contains(out.Lesson.ArticleHTML, "学习正文") {
		t.Errorf("enrolled learner's lesson: %d %+v", st, out.Lesson)
	}
}

// documentLesson adds a one-minute PDF lesson to a course of demo_trainer.
func (ts *testServer) documentLesson(t *testing.T, courseID int64) int64 {
	t.Helper()
	trainer := ts.login(t, "demo_trainer")
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	st, body := trainer.upload(fmt.Sprintf("/teach/courses/%d/lessons", courseID),
		url.Values{"kind": {"document"}, "title": {"讲义"}, "minutes": {"1"}}, "讲义.pdf", pdf)
	if st != http.StatusSeeOther {
		t.Fatalf("add document: %d\n%s", st, body)
	}
	_, chapters, err := ts.Course.Outline(context.Background(), org.System(), courseID)
	if err != nil {
		t.Fatal(err)
	}
	ls := chapters[len(chapters)-1].Lessons
	return ls[len(ls)-1].ID
}
