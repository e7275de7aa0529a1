package course

import (
	"context"
	"math"
	"strings"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// What the server-rendered pages need beyond the JSON API: a learner's
// standing in each lesson of a course, the guard of the lesson page, and the
// short lists of the trainer's, committee's and admin's forms.

// LessonState is a learner's standing in one lesson, for the outline.
type LessonState struct {
	Started   bool
	Completed bool
	Percent   float64
}

// Enrollment is a learner's enrollment in one course.
type Enrollment struct {
	State       string
	Mandatory   bool
	DueAt       *time.Time
	Year        int
	Overdue     bool
	CompletedAt *time.Time
}

// CourseView is the course page: the outline, the viewer's progress in each
// lesson, and their enrollment (nil when they are not enrolled).
type CourseView struct {
	Course     *Course
	Chapters   []Chapter
	States     map[int64]LessonState
	Enrollment *Enrollment
	Percent    float64
	CanEdit    bool
	// QuizzesAfter holds the course's quizzes by the lesson they follow,
	// 0 for those after the last.
	QuizzesAfter map[int64][]CourseQuiz
}

// CourseView returns a course the actor may see, with their progress.
func (s *Service) CourseView(ctx context.Context, a *org.Actor, courseID int64) (*CourseView, error) {
	c, chapters, err := s.Outline(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	v := &CourseView{Course: c, Chapters: chapters, CanEdit: s.CanEdit(a, c)}
	if v.Enrollment, err = enrollmentOf(ctx, s.db, a.UserID, courseID, s.now()); err != nil {
		return nil, err
	}
	if v.States, err = s.lessonStates(ctx, a.UserID, c, chapters); err != nil {
		return nil, err
	}
	v.Percent = CoursePercent(chapters, v.States, v.Enrollment != nil && v.Enrollment.State == "completed")
	quizzes, err := s.CourseQuizzes(ctx, a, courseID)
	v.QuizzesAfter = QuizzesAfter(chapters, quizzes)
	return v, err
}

func (s *Service) lessonStates(ctx context.Context, userID int64, c *Course, chapters []Chapter) (map[int64]LessonState, error) {
	stored, err := progressInCourse(ctx, s.db, userID, c.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]LessonState, len(stored))
	for _, ch := range chapters {
		for _, l := range ch.Lessons {
			p, ok := stored[l.ID]
			if !ok {
				continue
			}
			r := Rules{Kind: l.Kind, Duration: l.Duration, MaxRate: c.MaxRate, CompletePct: c.CompletePct,
				MinSeconds: float64(l.MinSeconds)}
			out[l.ID] = LessonState{Started: !p.LastBeatAt.IsZero(), Completed: p.Completed, Percent: p.Percent(r)}
		}
	}
	return out, nil
}

// CoursePercent is the share of required lessons completed, the same rule
// as the dashboard's; a completed enrollment is 100 whatever the outline
// became since.
func CoursePercent(chapters []Chapter, states map[int64]LessonState, completed bool) float64 {
	if completed {
		return 100
	}
	var required, done int
	for _, ch := range chapters {
		for _, l := range ch.Lessons {
			if !l.Required {
				continue
			}
			required++
			if states[l.ID].Completed {
				done++
			}
		}
	}
	if required == 0 {
		return 0
	}
	return math.Round(100 * float64(done) / float64(required))
}

// Study opens a lesson for study. Seeing a course is not enough: only its
// enrolled learners study it, and its editors preview it. Every way to a
// lesson's content (its page, the API, its document, its progress) asks
// this, so that an open course's lessons are not read without enrolling.
func (s *Service) Study(ctx context.Context, a *org.Actor, lessonID int64) (*Lesson, *Course, error) {
	l, c, err := s.Lesson(ctx, a, lessonID)
	if err != nil {
		return nil, nil, err
	}
	if s.CanEdit(a, c) {
		return l, c, nil
	}
	if _, err := getEnrollment(ctx, s.db, a.UserID, c.ID); apperr.Is(err, apperr.NotFound) {
		return nil, nil, apperr.New(apperr.Forbidden, "not_enrolled", "请先报名或被分配该课程，再开始学习")
	} else if err != nil {
		return nil, nil, err
	}
	return l, c, nil
}

// UnreadCount is the number under the bell: one count on the partial index
// of unread notifications.
func (s *Service) UnreadCount(ctx context.Context, a *org.Actor) (int, error) {
	if a == nil || a.UserID == 0 {
		return 0, nil
	}
	return unreadCount(ctx, s.db, a.UserID)
}

// EnrolledIn tells which of the given courses the actor is enrolled in, and
// the enrollment's state.
func (s *Service) EnrolledIn(ctx context.Context, a *org.Actor, courseIDs []int64) (map[int64]string, error) {
	if len(courseIDs) == 0 {
		return map[int64]string{}, nil
	}
	return enrollmentStates(ctx, s.db, a.UserID, courseIDs)
}

// Assignable lists published courses a committee or admin may assign,
// those whose title contains q first by recency; at most limit.
func (s *Service) Assignable(ctx context.Context, a *org.Actor, q string, limit int) ([]Course, error) {
	if !a.System && !a.Has(org.RoleCommittee) && !a.Has(org.RoleAdmin) {
		return nil, apperr.Forbiddenf("只有党委（组织部门）或管理员可以分配课程")
	}
	q = strings.TrimSpace(q)
	if len([]rune(q)) > 100 {
		return nil, apperr.Invalidf("搜索词过长")
	}
	return publishedCourses(ctx, s.db, q, min(max(limit, 1), 200))
}

// Requirements lists the study-hour requirements set inside the actor's
// subtrees, for the admin page.
func (s *Service) Requirements(ctx context.Context, a *org.Actor) ([]Requirement, error) {
	scopes := a.ScopePaths(org.RoleCommittee, org.RoleAdmin)
	if !a.System && len(scopes) == 0 {
		return nil, apperr.Forbiddenf("无权查看学时要求")
	}
	return listRequirements(ctx, s.db, scopes, a.System)
}

// MoveInOutline moves a lesson (or, with chapter, a chapter) one place up
// (delta -1) or down (+1): the editor's buttons where drag and drop is not
// available. A lesson at the edge of its chapter moves into the
// neighbouring one. It reports false when nothing can move.
func MoveInOutline(chs []Chapter, id int64, chapter bool, delta int) bool {
	if chapter {
		for i := range chs {
			if chs[i].ID == id {
				j := i + delta
				if j < 0 || j >= len(chs) {
					return false
				}
				chs[i], chs[j] = chs[j], chs[i]
				return true
			}
		}
		return false
	}
	for ci := range chs {
		for li, l := range chs[ci].Lessons {
			if l.ID == id {
				return moveLesson(chs, ci, li, delta)
			}
		}
	}
	return false
}

func moveLesson(chs []Chapter, ci, li, delta int) bool {
	ls := chs[ci].Lessons
	if j := li + delta; j >= 0 && j < len(ls) {
		ls[li], ls[j] = ls[j], ls[li]
		return true
	}
	cj := ci + delta
	if cj < 0 || cj >= len(chs) {
		return false
	}
	l := ls[li]
	chs[ci].Lessons = append(ls[:li:li], ls[li+1:]...)
	if delta < 0 {
		chs[cj].Lessons = append(chs[cj].Lessons, l)
	} else {
		chs[cj].Lessons = append([]Lesson{l}, chs[cj].Lessons...)
	}
	return true
}

// CanViewAsset answers the media feature (its Viewer): a user may play a
// lecture when they are enrolled in, or teach, a course with a lesson that
// plays it.
func (s *Service) CanViewAsset(ctx context.Context, userID, assetID int64) (bool, error) {
	return assetViewer(ctx, s.db, userID, assetID)
}
