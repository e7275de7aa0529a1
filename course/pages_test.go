package course

import (
	"fmt"
	"testing"

	"lms/internal/apperr"
)

func outline(chapters ...[]int64) []Chapter {
	out := make([]Chapter, len(chapters))
	for i, ids := range chapters {
		out[i].ID = int64(100 + i)
		for _, id := range ids {
			out[i].Lessons = append(out[i].Lessons, Lesson{ID: id, Required: true})
		}
	}
	return out
}

func shape(chs []Chapter) string {
	s := ""
	for _, ch := range chs {
		s += fmt.Sprintf("%d:", ch.ID)
		for _, l := range ch.Lessons {
			s += fmt.Sprintf("%d,", l.ID)
		}
		s += " "
	}
	return s
}

func TestMoveInOutline(t *testing.T) {
	for _, tc := range []struct {
		name    string
		id      int64
		chapter bool
		delta   int
		moved   bool
		want    string
	}{
		{"lesson down within chapter", 1, false, 1, true, "100:2,1,3, 101:4, "},
		{"lesson up within chapter", 3, false, -1, true, "100:1,3,2, 101:4, "},
		{"last lesson down into next chapter", 3, false, 1, true, "100:1,2, 101:3,4, "},
		{"first lesson up into previous chapter", 4, false, -1, true, "100:1,2,3,4, 101: "},
		{"first lesson of the course stays", 1, false, -1, false, "100:1,2,3, 101:4, "},
		{"last lesson of the course stays", 4, false, 1, false, "100:1,2,3, 101:4, "},
		{"chapter down", 100, true, 1, true, "101:4, 100:1,2,3, "},
		{"first chapter up stays", 100, true, -1, false, "100:1,2,3, 101:4, "},
		{"unknown lesson", 9, false, 1, false, "100:1,2,3, 101:4, "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chs := outline([]int64{1, 2, 3}, []int64{4})
			moved := MoveInOutline(chs, tc.id, tc.chapter, tc.delta)
			if moved != tc.moved || shape(chs) != tc.want {
				t.Errorf("moved %v, outline %q; want %v, %q", moved, shape(chs), tc.moved, tc.want)
			}
		})
	}
}

func TestCoursePercent(t *testing.T) {
	chs := outline([]int64{1, 2, 3}, []int64{4})
	chs[1].Lessons[0].Required = false
	for _, tc := range []struct {
		name      string
		states    map[int64]LessonState
		completed bool
		want      float64
	}{
		{"nothing done", nil, false, 0},
		{"one of three required", map[int64]LessonState{1: {Completed: true}}, false, 33},
		{"optional lesson does not count", map[int64]LessonState{4: {Completed: true}}, false, 0},
		{"started is not completed", map[int64]LessonState{1: {Started: true, Percent: 90}}, false, 0},
		{"all required", map[int64]LessonState{1: {Completed: true}, 2: {Completed: true}, 3: {Completed: true}}, false, 100},
		{"completed enrollment", nil, true, 100},
	} {
		if got := CoursePercent(chs, tc.states, tc.completed); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := CoursePercent(nil, nil, false); got != 0 {
		t.Errorf("empty course: %v", got)
	}
}

// The course page shows each lesson's state; a learner who may see an open
// course still cannot study it before enrolling.
func TestCourseViewAndStudy(t *testing.T) {
	f := newFixture(t)
	c, video, article := f.course(1)
	learner := f.actor("demo_learner")
	f.beat(learner, article.ID, Beat{PlaybackID: "r1", Seq: 1, Visible: true})
	for i := 0; i < 3; i++ {
		f.clock.Add(10)
		f.beat(learner, article.ID, Beat{PlaybackID: "r1", Seq: int64(i + 2), Visible: true})
	}
	v, err := f.svc.CourseView(f.ctx, learner, c.ID)
	must(t, err)
	if v.Enrollment == nil || !v.Enrollment.Mandatory || v.CanEdit {
		t.Fatalf("enrollment %+v, can edit %v", v.Enrollment, v.CanEdit)
	}
	if st := v.States[article.ID]; !st.Completed || st.Percent != 100 {
		t.Errorf("article state %+v", st)
	}
	if st := v.States[video.ID]; st.Started || st.Completed {
		t.Errorf("video state %+v", st)
	}
	if v.Percent != 50 {
		t.Errorf("course percent %v, want 50", v.Percent)
	}

	// Opened to self-enrolment, another branch's learner sees the course
	// but may not study it until they enrol.
	_, err = f.svc.UpdateCourse(f.ctx, f.actor("demo_trainer"), c.ID, CourseInput{Open: ptr(true)})
	must(t, err)
	outsider := f.actor("bgs_01")
	v, err = f.svc.CourseView(f.ctx, outsider, c.ID)
	must(t, err)
	if v.Enrollment != nil || len(v.States) != 0 {
		t.Errorf("outsider sees %+v", v)
	}
	if _, _, err := f.svc.Study(f.ctx, outsider, video.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("study before enrolling: %v", err)
	}
	must(t, f.svc.SelfEnroll(f.ctx, outsider, c.ID))
	if _, _, err := f.svc.Study(f.ctx, outsider, video.ID); err != nil {
		t.Errorf("study after enrolling: %v", err)
	}
	if _, _, err := f.svc.Study(f.ctx, f.actor("demo_trainer"), video.ID); err != nil {
		t.Errorf("the trainer's preview: %v", err)
	}
}

func TestPageLists(t *testing.T) {
	f := newFixture(t)
	c, _, _ := f.course(1)
	committee, learner := f.actor("demo_committee"), f.actor("demo_learner")
	list, err := f.svc.Assignable(f.ctx, committee, "二十大", 10)
	must(t, err)
	if len(list) != 1 || list[0].ID != c.ID {
		t.Errorf("assignable %+v", list)
	}
	if _, err := f.svc.Assignable(f.ctx, learner, "", 10); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("a learner lists assignable courses: %v", err)
	}
	states, err := f.svc.EnrolledIn(f.ctx, learner, []int64{c.ID, c.ID + 1})
	must(t, err)
	if len(states) != 1 || states[c.ID] != "not_started" {
		t.Errorf("enrolled in %v", states)
	}
	n, err := f.svc.UnreadCount(f.ctx, learner)
	must(t, err)
	if n != 0 {
		t.Errorf("unread %d", n)
	}
	admin := f.actor("demo_admin")
	must(t, f.svc.SetRequirement(f.ctx, admin, f.org, RequirementInput{UnitID: f.unitID("示范能源集团/华北分公司党委"),
		Hours: 90, CycleYears: 1, StartYear: 2024}))
	reqs, err := f.svc.Requirements(f.ctx, committee)
	must(t, err)
	if len(reqs) != 1 || reqs[0].Hours != 90 {
		t.Errorf("committee sees requirements %+v", reqs)
	}
	if _, err := f.svc.Requirements(f.ctx, learner); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("a learner lists requirements: %v", err)
	}
}

func TestCanViewAsset(t *testing.T) {
	f := newFixture(t)
	_, video, _ := f.course(1)
	_, err := f.svc.db.Exec(f.ctx, `UPDATE lessons SET media_asset_id = 77 WHERE id = $1`, video.ID)
	must(t, err)
	for _, tc := range []struct {
		user  string
		asset int64
		want  bool
	}{
		{"demo_learner", 77, true}, // enrolled by the assignment
		{"demo_trainer", 77, true}, // teaches the course
		{"bgs_01", 77, false},      // neither
		{"demo_learner", 78, false},
	} {
		ok, err := f.svc.CanViewAsset(f.ctx, f.actor(tc.user).UserID, tc.asset)
		must(t, err)
		if ok != tc.want {
			t.Errorf("%s may play %d: %v, want %v", tc.user, tc.asset, ok, tc.want)
		}
	}
}

// A course a learner enrolled in themself has no due date: it is never
// overdue, and it comes after the assigned ones on the dashboard.
func TestMyCoursesWithSelfEnrollment(t *testing.T) {
	f := newFixture(t)
	assigned, _, _ := f.course(1)
	trainer, learner := f.actor("demo_trainer"), f.actor("demo_learner")
	own, err := f.svc.CreateCourse(f.ctx, trainer, CourseInput{Title: ptr("公文写作"), Open: ptr(true)})
	must(t, err)
	_, err = f.svc.AddLesson(f.ctx, trainer, own.ID, LessonInput{Title: ptr("材料"), Kind: "article"})
	must(t, err)
	_, err = f.svc.SetState(f.ctx, trainer, own.ID, "published")
	must(t, err)
	must(t, f.svc.SelfEnroll(f.ctx, learner, own.ID))
	list, err := f.svc.MyCourses(f.ctx, learner)
	must(t, err)
	if len(list) != 2 || list[0].CourseID != assigned.ID || list[1].CourseID != own.ID || list[1].Overdue {
		t.Fatalf("my courses %+v", list)
	}
	v, err := f.svc.CourseView(f.ctx, learner, own.ID)
	must(t, err)
	if v.Enrollment == nil || v.Enrollment.Overdue || v.Enrollment.DueAt != nil {
		t.Errorf("self enrollment %+v", v.Enrollment)
	}
}
