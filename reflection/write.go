package reflection

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Writing is the learner's page: the course's rule, their reflection
// (nil before the first save), its thread and their due date.
type Writing struct {
	CourseID    int64       `json:"course_id"`
	CourseTitle string      `json:"course_title"`
	Rule        *Rule       `json:"rule"`
	Reflection  *Reflection `json:"reflection"`
	Events      []Event     `json:"events"`
	DueAt       *time.Time  `json:"due_at"`
	Chars       int         `json:"chars"`
	Editable    bool        `json:"editable"`
}

// Input is what the learner's page sends.
type Input struct {
	Body    string `json:"body"`
	ShareOK bool   `json:"share_ok"`
}

// Saved acknowledges a text that is durable in PostgreSQL.
type Saved struct {
	SavedAt time.Time `json:"saved_at"`
	Chars   int       `json:"chars"`
}

// Mine returns the learner's page for a course they are enrolled in.
func (s *Service) Mine(ctx context.Context, a *org.Actor, courseID int64) (*Writing, error) {
	due, err := s.enrolledCourse(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	c, err := s.course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	w := &Writing{CourseID: courseID, CourseTitle: c.Title, DueAt: due, Events: []Event{}, Editable: true}
	if w.Rule, err = getRule(ctx, s.db, courseID); err != nil {
		return nil, err
	}
	if w.Reflection, err = mine(ctx, s.db, a.UserID, courseID, false); err != nil || w.Reflection == nil {
		return w, err
	}
	w.Chars = CountChars(w.Reflection.Body)
	w.Editable = editable(w.Reflection.State)
	w.Events, err = eventsOf(ctx, s.db, w.Reflection.ID)
	return w, err
}

func editable(state string) bool { return state == Draft || state == Returned }

// Save stores the learner's text as it is; the answer comes only once it
// is committed.
func (s *Service) Save(ctx context.Context, a *org.Actor, courseID int64, in Input) (*Saved, error) {
	r, err := s.draftOf(ctx, a, courseID, in)
	if err != nil {
		return nil, err
	}
	now := s.now()
	ok, err := saveDraft(ctx, s.db, r, now)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, stateConflict(ctx, s.db, a.UserID, courseID)
	}
	return &Saved{SavedAt: now, Chars: CountChars(r.Body)}, nil
}

// draftOf checks the learner and their text, and builds the row to write.
func (s *Service) draftOf(ctx context.Context, a *org.Actor, courseID int64, in Input) (*Reflection, error) {
	if _, err := s.enrolledCourse(ctx, a, courseID); err != nil {
		return nil, err
	}
	rule, err := getRule(ctx, s.db, courseID)
	if err != nil {
		return nil, err
	}
	if rule == nil {
		return nil, apperr.NotFoundf("这门课程不要求撰写心得体会")
	}
	body := strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	if err := checkText("心得", body, maxBody); err != nil {
		return nil, err
	}
	return &Reflection{CourseID: courseID, UserID: a.UserID, UnitPath: a.UnitPath, AuthorName: a.DisplayName,
		Body: body, ShareOK: in.ShareOK}, nil
}

// stateConflict explains why a reflection cannot change now.
func stateConflict(ctx context.Context, q db.DBTX, userID, courseID int64) error {
	r, err := mine(ctx, q, userID, courseID, false)
	switch {
	case err != nil:
		return err
	case r != nil && r.State == Approved:
		return apperr.Conflictf("心得已通过审阅，不能再修改或重新提交")
	}
	return apperr.Conflictf("心得已提交，正在等待审阅，审阅前不能修改")
}

// Submit saves the text and hands it to the reviewers, after checking its
// length and comparing it with the course's other submissions and texts.
func (s *Service) Submit(ctx context.Context, a *org.Actor, courseID int64, in Input) (*Reflection, error) {
	r, err := s.draftOf(ctx, a, courseID, in)
	if err != nil {
		return nil, err
	}
	rule, err := getRule(ctx, s.db, courseID)
	if err != nil {
		return nil, err
	}
	if n := CountChars(r.Body); n < rule.MinChars {
		return nil, apperr.Invalidf("心得至少需要 %d 字（不计标点和空格），现在是 %d 字", rule.MinChars, n)
	}
	var id int64
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		id, err = s.submitTx(ctx, tx, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	return getReflection(ctx, s.db, id)
}

func (s *Service) submitTx(ctx context.Context, tx pgx.Tx, r *Reflection) (int64, error) {
	now := s.now()
	ok, err := saveDraft(ctx, tx, r, now)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, stateConflict(ctx, tx, r.UserID, r.CourseID)
	}
	cur, err := mine(ctx, tx, r.UserID, r.CourseID, true)
	if err != nil {
		return 0, err
	}
	m, err := s.copyCheck(ctx, tx, cur)
	if err != nil {
		return 0, err
	}
	if err := markSubmitted(ctx, tx, cur, m, now); err != nil {
		return 0, err
	}
	_, err = addEvent(ctx, tx, cur.ID, Event{ActorID: r.UserID, Action: "submit", Overlap: m.Share, At: now})
	return cur.ID, err
}
