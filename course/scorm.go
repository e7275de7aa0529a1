package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/org"
)

// ScormProgress is what courses need of SCORM packages: whether a
// learner's SCOs of a lesson report what the lesson requires (completed
// or passed, as its trainer chose), read inside the caller's transaction.
type ScormProgress interface {
	Satisfied(ctx context.Context, tx pgx.Tx, userID, lessonID int64) (bool, error)
}

// scosDone asks, for the batch's SCORM lessons not yet completed, whether
// the SCOs are satisfied. It runs after the progress rows are locked: a
// commit that satisfies them locks the same row (ScosSatisfied), so one
// of the two always sees the other's write.
func (s *Service) scosDone(ctx context.Context, tx pgx.Tx, batch []*beatReq, progress map[key]*Progress) error {
	done := map[key]bool{}
	for _, r := range batch {
		k := key{r.userID, r.rules.LessonID}
		p := progress[k]
		if r.rules.Kind != "scorm" || p == nil || p.Completed || s.Scorm == nil {
			continue
		}
		ok, asked := done[k]
		if !asked {
			var err error
			if ok, err = s.Scorm.Satisfied(ctx, tx, r.userID, r.rules.LessonID); err != nil {
				return err
			}
			done[k] = ok
		}
		r.rules.ScosDone = ok
	}
	return nil
}

// ScosSatisfied is called by scorm inside the commit that makes a
// learner's SCOs satisfy a lesson: the lesson completes now if the study
// clock already saw its minimum time, and the course with it if that was
// all it lacked. Otherwise the heartbeat that reaches the time completes it.
func (s *Service) ScosSatisfied(ctx context.Context, tx pgx.Tx, userID, lessonID int64) error {
	r, err := s.rules(ctx, lessonID)
	if err != nil {
		return err
	}
	if r.Kind != "scorm" {
		return nil
	}
	done, err := completeScormLesson(ctx, tx, userID, lessonID, r.MinSeconds)
	if err != nil || !done {
		return err
	}
	if err := org.LockAccounts(ctx, tx, []int64{userID}); err != nil { // before the enrollment, as in lockChanges
		return err
	}
	if err := lockEnrollmentChanges(ctx, tx); err != nil {
		return err
	}
	_, err = s.CheckCompletion(ctx, tx, userID, r.CourseID)
	return err
}

// StudyLesson is Study for the SCORM feature: the lesson's course and kind.
func (s *Service) StudyLesson(ctx context.Context, a *org.Actor, lessonID int64) (*Lesson, error) {
	l, _, err := s.Study(ctx, a, lessonID)
	return l, err
}

// EditLesson returns a lesson its trainer may change.
func (s *Service) EditLesson(ctx context.Context, a *org.Actor, lessonID int64) (*Lesson, error) {
	l, c, err := s.Lesson(ctx, a, lessonID)
	if err != nil {
		return nil, err
	}
	if !s.CanEdit(a, c) {
		return nil, apperr.Forbiddenf("只有课程的讲师可以修改该课程")
	}
	return l, nil
}
