package quiz

import (
	"context"
	"errors"
	"strings"
	"time"

	"lms/internal/apperr"
)

// This file is the one place that says who may see or change banks,
// questions, quizzes, results and grades, and when a learner sees the key.
// Services ask it; handlers ask the services.
//
// A course's banks and quizzes (and so its results and grading) belong to
// the course's trainers (owners and co-trainers) and to admins whose scope
// covers the course's unit. A bank or quiz shared with a unit's subtree
// belongs to whoever made it and to admins over that unit; trainers inside
// the subtree may use a shared bank, read-only. The system actor may do
// anything. Learners never see banks, keys or other people's results.

// CourseStaff is what quiz must know of a course to apply these rules.
type CourseStaff struct {
	UnitPath string
	Teachers []int64 // owners and co-trainers
}

// Courses tells quiz who teaches a course. The course feature implements
// it; the program refuses to start without it (see Ready).
type Courses interface {
	// Staff returns the courses found among ids; a missing one is gone.
	Staff(ctx context.Context, courseIDs []int64) (map[int64]CourseStaff, error)
}

var errNoCourses = errors.New("quiz: Courses is not wired: who teaches a course is unknown")

// Ready reports whether the service was given what its rules need, so a
// program that forgot to wire them stops at start instead of guessing.
func (s *Service) Ready() error {
	switch {
	case s.Courses == nil:
		return errNoCourses
	case s.Enrolled == nil:
		return errors.New("quiz: Enrolled is not wired: who may take a course's quiz is unknown")
	case s.OnPassed == nil:
		return errors.New("quiz: OnPassed is not wired: passing a required quiz would not complete its course")
	case s.OnBankChange == nil:
		return errors.New("quiz: OnBankChange is not wired: questions would not reach the search index")
	case s.Jobs == nil:
		return errors.New("quiz: Jobs is not wired: timed attempts would not be closed at their deadline")
	}
	return nil
}

// access is how far a viewer may go with a bank.
type access int

const (
	noAccess  access = iota
	readOnly         // list, export, draw from in one's own quizzes
	readWrite        // also add, import, change and delete questions
)

// CanBuild reports whether the viewer builds banks and quizzes at all
// (trainers and admins); what they may touch is decided per object below.
func (v Viewer) CanBuild() bool { return v.System || v.Manager }

// administers reports whether an admin scope of the viewer covers path.
func (v Viewer) administers(path string) bool {
	for _, s := range v.Scopes {
		if within(path, s) {
			return true
		}
	}
	return false
}

// mayShareWith: a new bank or quiz may be shared with the viewer's own unit
// or one above it, or with a subtree they administer.
func (v Viewer) mayShareWith(path string) bool {
	return v.System || v.Manager && v.reaches(path)
}

// reaches reports whether a bank or quiz shared with the subtree at path
// is the viewer's to use: shared with a unit above (or at) their own, or
// inside a subtree they administer.
func (v Viewer) reaches(path string) bool {
	if path == "" {
		return false
	}
	if within(v.UnitPath, path) {
		return true
	}
	for _, s := range v.Scopes {
		if within(path, s) {
			return true
		}
	}
	return false
}

// SharePaths are the subtrees mayShareWith admits, for the forms: the
// viewer's unit and those above it, then the subtrees they administer.
func (v Viewer) SharePaths() []string {
	var out []string
	labels := strings.Split(v.UnitPath, ".")
	for i := len(labels); i > 0 && v.UnitPath != ""; i-- {
		out = append(out, strings.Join(labels[:i], "."))
	}
	return append(out, v.Scopes...)
}

// teaches reports whether the viewer manages what hangs on a course.
func (v Viewer) teaches(courseID int64, staff map[int64]CourseStaff) bool {
	if v.System {
		return true
	}
	st, ok := staff[courseID]
	if !v.Manager || !ok {
		return false
	}
	if v.administers(st.UnitPath) {
		return true
	}
	for _, id := range st.Teachers {
		if id == v.UserID && id != 0 {
			return true
		}
	}
	return false
}

// bankAccess says how far the viewer may go with b; staff holds b's course.
func (v Viewer) bankAccess(b *Bank, staff map[int64]CourseStaff) access {
	switch {
	case v.System:
		return readWrite
	case !v.Manager:
		return noAccess
	case b.CourseID != nil:
		if v.teaches(*b.CourseID, staff) {
			return readWrite
		}
		return noAccess
	case b.CreatedBy == v.UserID || v.administers(b.UnitPath):
		return readWrite
	case within(v.UnitPath, b.UnitPath):
		return readOnly
	}
	return noAccess
}

// managesQuiz: who may change a quiz, see its results and grade it.
func (v Viewer) managesQuiz(z *Quiz, staff map[int64]CourseStaff) bool {
	switch {
	case v.System:
		return true
	case !v.Manager:
		return false
	case z.CourseID != nil:
		return v.teaches(*z.CourseID, staff)
	}
	return z.CreatedBy == v.UserID || v.administers(z.UnitPath)
}

// staffOf asks the course feature about the courses of ids (0 skipped).
func (s *Service) staffOf(ctx context.Context, v Viewer, ids ...int64) (map[int64]CourseStaff, error) {
	var want []int64
	for _, id := range ids {
		if id != 0 {
			want = append(want, id)
		}
	}
	if len(want) == 0 || v.System || !v.Manager {
		return nil, nil
	}
	if s.Courses == nil {
		return nil, errNoCourses
	}
	return s.Courses.Staff(ctx, want)
}

func courseOf(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// bankAccessOf loads what bankAccess needs and applies it.
func (s *Service) bankAccessOf(ctx context.Context, v Viewer, b *Bank) (access, error) {
	staff, err := s.staffOf(ctx, v, courseOf(b.CourseID))
	if err != nil {
		return noAccess, err
	}
	return v.bankAccess(b, staff), nil
}

// checkBank refuses a bank the viewer may not use as far as need: one
// they may not see at all is not found. It returns how far they may go.
func (s *Service) checkBank(ctx context.Context, v Viewer, b *Bank, need access) (access, error) {
	got, err := s.bankAccessOf(ctx, v, b)
	switch {
	case err != nil:
		return noAccess, err
	case got == noAccess:
		return noAccess, apperr.NotFoundf("题库不存在")
	case got < need:
		return got, apperr.Forbiddenf("这是共享给您单位的题库，您可以使用，但只有建立者和管理员可以修改")
	}
	return got, nil
}

// usableBanks keeps the banks of list the viewer may use.
func (s *Service) usableBanks(ctx context.Context, v Viewer, list []Bank) ([]Bank, error) {
	ids := make([]int64, 0, len(list))
	for _, b := range list {
		ids = append(ids, courseOf(b.CourseID))
	}
	staff, err := s.staffOf(ctx, v, ids...)
	if err != nil {
		return nil, err
	}
	out := []Bank{}
	for i := range list {
		if got := v.bankAccess(&list[i], staff); got != noAccess {
			list[i].Writable = got == readWrite
			out = append(out, list[i])
		}
	}
	return out, nil
}

// mayManageQuiz loads what managesQuiz needs and applies it.
func (s *Service) mayManageQuiz(ctx context.Context, v Viewer, z *Quiz) (bool, error) {
	staff, err := s.staffOf(ctx, v, courseOf(z.CourseID))
	if err != nil {
		return false, err
	}
	return v.managesQuiz(z, staff), nil
}

// checkPlace refuses to put a new bank or quiz (or move a quiz) into a
// course the viewer does not teach, or to share it beyond their reach.
func (s *Service) checkPlace(ctx context.Context, v Viewer, courseID *int64, unitPath, what string) error {
	if !v.CanBuild() {
		return apperr.Forbiddenf("只有讲师或管理员可以建立%s", what)
	}
	if courseID == nil {
		if !v.mayShareWith(unitPath) {
			return apperr.Forbiddenf("只能把%s共享给本单位或您管理的组织", what)
		}
		return nil
	}
	staff, err := s.staffOf(ctx, v, *courseID)
	if err != nil {
		return err
	}
	if !v.teaches(*courseID, staff) {
		return apperr.Forbiddenf("只有本课程的讲师或管理该单位的管理员可以为课程建立%s", what)
	}
	return nil
}

// mayTake: a shared quiz is open to its subtree (and to those who could
// share it there); a course's quiz to its enrolled learners and to those
// who manage it.
func (s *Service) mayTake(ctx context.Context, v Viewer, z *Quiz) (bool, error) {
	if z.CourseID == nil {
		return v.takesShared(z), nil
	}
	if ok, err := s.mayManageQuiz(ctx, v, z); ok || err != nil {
		return ok, err
	}
	if s.Enrolled == nil {
		return true, nil
	}
	return s.Enrolled(ctx, v.UserID, *z.CourseID)
}

func (v Viewer) takesShared(z *Quiz) bool {
	return within(v.UnitPath, z.UnitPath) || v.Manager && v.reaches(z.UnitPath)
}

// listedQuizzes keeps, of the quizzes listQuizzes found, the shared ones
// the viewer may take and those they manage.
func (s *Service) listedQuizzes(ctx context.Context, v Viewer, list []Quiz) ([]Quiz, error) {
	ids := make([]int64, 0, len(list))
	for _, z := range list {
		ids = append(ids, courseOf(z.CourseID))
	}
	staff, err := s.staffOf(ctx, v, ids...)
	if err != nil {
		return nil, err
	}
	out := []Quiz{}
	for i := range list {
		z := &list[i]
		if z.CourseID == nil && v.takesShared(z) || v.managesQuiz(z, staff) {
			out = append(out, *z)
		}
	}
	return out, nil
}

// ownsAttempt: a learner reads, answers and submits only their own
// attempts; a trainer sees others' through managesQuiz.
func (v Viewer) ownsAttempt(a *Attempt) bool {
	return v.UserID != 0 && a.UserID == v.UserID
}

// keyShown: a learner sees the key, feedback and explanations of a
// submitted attempt only once they cannot use them in another attempt at
// the same paper: after the due date, or when their last allowed attempt
// is submitted (a daily practice's attempt is the last of its day). With
// unlimited attempts and no due date, that is never.
func keyShown(z *Quiz, a *Attempt, attempts []Attempt, now time.Time) bool {
	if a.SubmittedAt == nil || z.ShowAnswers == ShowNever {
		return false
	}
	if z.DueAt != nil && now.After(*z.DueAt) {
		return true
	}
	if z.ShowAnswers != ShowAfterSubmit {
		return false
	}
	if z.Mode == ModeDaily {
		return true
	}
	if z.MaxAttempts == 0 {
		return false
	}
	if a.Number >= z.MaxAttempts {
		return true
	}
	if len(attempts) < z.MaxAttempts {
		return false
	}
	for _, x := range attempts {
		if x.SubmittedAt == nil {
			return false
		}
	}
	return true
}

// needsAttempts reports whether keyShown must see the learner's other
// attempts to decide, so the common cases cost no query. The last allowed
// attempt, once submitted, needs none: a learner has one open attempt at
// most and only starts another once it is submitted.
func needsAttempts(z *Quiz, a *Attempt, now time.Time) bool {
	return a.SubmittedAt != nil && z.ShowAnswers == ShowAfterSubmit && z.Mode != ModeDaily &&
		z.MaxAttempts > 0 && a.Number < z.MaxAttempts && !(z.DueAt != nil && now.After(*z.DueAt))
}
