package reflection

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// View is one reflection as a reader sees it. Passages mark, for its
// reviewers, what the copy check found in the matched source.
type View struct {
	Reflection  *Reflection `json:"reflection"`
	CourseTitle string      `json:"course_title"`
	Events      []Event     `json:"events"`
	CanReview   bool        `json:"can_review"`
	CanShare    bool        `json:"can_share"`
	Passages    []Segment   `json:"passages,omitempty"`
	MatchTitle  string      `json:"match_title,omitempty"`
}

// Get returns a reflection the actor may read.
func (s *Service) Get(ctx context.Context, a *org.Actor, id int64) (*View, error) {
	r, c, err := s.readable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &View{Reflection: r, CourseTitle: c.Title, CanReview: s.reviews(a, r, c) && r.State == Submitted}
	v.CanShare = s.reviews(a, r, c) && r.State == Approved && r.ShareOK && !r.Shared
	if !s.reviews(a, r, c) && r.UserID != a.UserID {
		v.Events = []Event{} // a shared reflection shows its text, not its review
		return v, nil
	}
	if v.Events, err = eventsOf(ctx, s.db, id); err != nil {
		return nil, err
	}
	if s.reviews(a, r, c) && r.MatchKind != "" {
		err = s.markPassages(ctx, v)
	}
	return v, err
}

// markPassages loads the matched source and marks what it shares.
func (s *Service) markPassages(ctx context.Context, v *View) error {
	r := v.Reflection
	var source string
	switch r.MatchKind {
	case "reflection":
		other, err := getReflection(ctx, s.db, r.MatchRef)
		if err != nil {
			return err
		}
		source, v.MatchTitle = other.Body, "同课程的另一篇心得（"+other.AuthorName+"）"
	case "material":
		mats, err := s.Courses.Materials(ctx, r.CourseID)
		if err != nil {
			return err
		}
		for _, m := range mats {
			if m.LessonID == r.MatchRef {
				source, v.MatchTitle = m.Text, "课程材料《"+m.Title+"》"
			}
		}
	}
	v.Passages = Passages(r.Body, source)
	return nil
}

// ReviewInput is a reviewer's decision.
type ReviewInput struct {
	Decision string `json:"decision"` // "approve" or "return"
	Comment  string `json:"comment"`
	Grade    string `json:"grade"`
}

func (in *ReviewInput) validate() error {
	in.Comment = strings.TrimSpace(in.Comment)
	if err := checkText("审阅意见", in.Comment, 2000); err != nil {
		return err
	}
	if in.Grade != "" && !contains(Grades, in.Grade) {
		return apperr.Invalidf("评定等级只能是优秀、良好、合格或不合格")
	}
	switch {
	case in.Decision == "return" && in.Comment == "":
		return apperr.Invalidf("退回修改时请写明修改意见")
	case in.Decision != "return" && in.Decision != "approve":
		return apperr.Invalidf("请选择通过或退回修改")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Review approves a submitted reflection or returns it with a comment.
// An approval checks the course's completion in the same transaction.
func (s *Service) Review(ctx context.Context, a *org.Actor, id int64, in ReviewInput) (*Reflection, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	r, c, err := s.reviewable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error { return s.reviewTx(ctx, tx, a, r.ID, c, in) })
	if err != nil {
		return nil, err
	}
	return getReflection(ctx, s.db, id)
}

// reviewable loads a reflection the actor reviews: one they may not
// read is not found, one they only read is forbidden.
func (s *Service) reviewable(ctx context.Context, a *org.Actor, id int64) (*Reflection, CourseInfo, error) {
	r, c, err := s.readable(ctx, a, id)
	if err != nil {
		return nil, c, err
	}
	if !s.reviews(a, r, c) {
		return nil, c, apperr.Forbiddenf("只有课程讲师或作者所在党组织可以审阅心得")
	}
	return r, c, nil
}

func (s *Service) reviewTx(ctx context.Context, tx pgx.Tx, a *org.Actor, id int64, c CourseInfo, in ReviewInput) error {
	r, err := lockReflection(ctx, tx, id)
	if err != nil {
		return err
	}
	if r.State != Submitted {
		return apperr.Conflictf("这篇心得当前不在待审阅状态，可能已被其他审阅人处理")
	}
	now, state, title := s.now(), Returned, "您在《"+c.Title+"》的心得被退回修改"
	if in.Decision == "approve" {
		state, title = Approved, "您在《"+c.Title+"》的心得已通过审阅"
	}
	if err := markReviewed(ctx, tx, id, state, in.Grade, in.Comment, a.UserID, now); err != nil {
		return err
	}
	eid, err := addEvent(ctx, tx, id, Event{ActorID: a.UserID, Action: in.Decision, Comment: in.Comment, Grade: in.Grade, At: now})
	if err != nil {
		return err
	}
	if state == Approved && s.OnApproved != nil {
		if err := s.OnApproved(ctx, tx, r.UserID, r.CourseID); err != nil {
			return err
		}
	}
	return s.notify(ctx, tx, r, eid, title)
}

func (s *Service) notify(ctx context.Context, tx pgx.Tx, r *Reflection, eventID int64, title string) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify(ctx, tx, r.UserID, eventID, title, "/reflection/courses/"+itoa(r.CourseID))
}

// Share marks an approved reflection 优秀 and shows it to the author's
// unit, when the author agreed to it.
func (s *Service) Share(ctx context.Context, a *org.Actor, id int64) (*Reflection, error) {
	r, _, err := s.reviewable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	switch {
	case r.State != Approved:
		return nil, apperr.Conflictf("只有通过审阅的心得可以评为优秀并分享")
	case !r.ShareOK:
		return nil, apperr.Conflictf("作者提交时没有同意分享，这篇心得不能分享")
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := markShared(ctx, tx, id); err != nil {
			return err
		}
		_, err := addEvent(ctx, tx, id, Event{ActorID: a.UserID, Action: "share", Grade: "优秀", At: s.now()})
		return err
	})
	if err != nil {
		return nil, err
	}
	return getReflection(ctx, s.db, id)
}
