package training

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Apply is a learner's 报名. When the class is full it goes on the
// waiting list; either way a manager decides.
func (s *Service) Apply(ctx context.Context, a *org.Actor, classID int64) (string, error) {
	c, member, err := s.Class(ctx, a, classID)
	if err != nil {
		return "", err
	}
	if member {
		return "", apperr.Conflictf("您已在本班名单中")
	}
	if !s.mayApply(a, c) {
		return "", apperr.Forbiddenf("本班不接受您的报名")
	}
	status := "applied"
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if c, err = s.openLocked(ctx, tx, classID); err != nil {
			return err
		}
		n, err := rosterCount(ctx, tx, classID)
		if err != nil {
			return err
		}
		if c.Capacity > 0 && n >= c.Capacity {
			status = "waiting"
		}
		return insertApplication(ctx, tx, classID, a.UserID, status)
	})
	return status, err
}

// Decision is a manager's answer to an application.
type Decision struct {
	Approve bool   `json:"approve"`
	Reason  string `json:"reason"`
}

// Decide approves (审核通过) or rejects (不通过, with a reason) an
// application or a place on the waiting list. Approving past capacity is
// refused and changes nothing.
func (s *Service) Decide(ctx context.Context, a *org.Actor, classID, userID int64, d Decision) error {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return err
	}
	if d.Reason, err = cleanText("理由", d.Reason, 500, !d.Approve); err != nil {
		return err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if c, err = s.openLocked(ctx, tx, classID); err != nil {
			return err
		}
		status := "rejected"
		if d.Approve {
			status = "in"
		}
		if err := decideApplication(ctx, tx, classID, userID, status, d.Reason, a.UserID); err != nil {
			return err
		}
		return checkCapacity(ctx, tx, c)
	})
	if err != nil || !d.Approve {
		return err
	}
	return s.enrolNew(ctx, c, []int64{userID})
}

// MyStatus is a learner's place in a class: "" (not in it), applied,
// waiting, rejected (with the reason), in.
func (s *Service) MyStatus(ctx context.Context, a *org.Actor, classID int64) (string, string, error) {
	member, err := isMember(ctx, s.db, classID, a.UserID)
	if err != nil || member {
		return "in", "", err
	}
	return applicationOf(ctx, s.db, classID, a.UserID)
}

// enrolNew enrols people who joined (all of the roster when nil) in the
// class's courses, required ones as mandatory, due when the class ends.
func (s *Service) enrolNew(ctx context.Context, c *Class, userIDs []int64) error {
	courses, err := classCourses(ctx, s.db, c.ID)
	if err != nil || len(courses) == 0 || s.Courses == nil {
		return err
	}
	if userIDs == nil {
		if userIDs, err = rosterIDs(ctx, s.db, c.ID); err != nil {
			return err
		}
	}
	if len(userIDs) == 0 {
		return nil
	}
	for _, cc := range courses {
		if err := s.Courses.Enrol(ctx, cc.CourseID, userIDs, cc.Required, c.EndsOn.AddDate(0, 0, 1)); err != nil {
			return err
		}
	}
	return nil
}
