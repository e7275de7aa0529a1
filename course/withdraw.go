package course

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// AssignmentRow is an assignment as its course's list shows it.
type AssignmentRow struct {
	ID        int64     `json:"id"`
	CourseID  int64     `json:"course_id"`
	UnitPath  string    `json:"-"`
	UnitName  string    `json:"unit_name"` // empty: named people only
	Named     int       `json:"named"`     // people named besides the unit
	Mandatory bool      `json:"mandatory"`
	DueAt     time.Time `json:"due_at"`
	Year      int       `json:"year"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Enrolled  int       `json:"enrolled"` // enrollments still from it
	Completed int       `json:"completed"`
}

// Auditor records a change in the organisation's audit log; org provides it.
type Auditor interface {
	RecordEvent(ctx context.Context, q db.DBTX, a *org.Actor, action, unitPath string, detail map[string]any) error
}

// canWithdraw: the committee or admin whose subtree the assignment
// covers, or who made it.
func (s *Service) canWithdraw(a *org.Actor, r *AssignmentRow) bool {
	if !a.System && !a.Has(org.RoleCommittee) && !a.Has(org.RoleAdmin) {
		return false
	}
	return a.System || r.CreatedBy == a.UserID || r.UnitPath != "" && s.Policy.CanViewUnit(a, r.UnitPath)
}

// CourseAssignments lists the assignments of a course the actor may
// withdraw, newest first. A course whose assignments are all another
// subtree's answers not found: nothing of them is told.
func (s *Service) CourseAssignments(ctx context.Context, a *org.Actor, courseID int64) ([]AssignmentRow, error) {
	if !a.System && !a.Has(org.RoleCommittee) && !a.Has(org.RoleAdmin) {
		return nil, apperr.Forbiddenf("只有党委（组织部门）或管理员可以查看分配")
	}
	list, err := assignmentsOf(ctx, s.db, courseID, 0)
	if err != nil {
		return nil, err
	}
	out := []AssignmentRow{}
	for i := range list {
		if s.canWithdraw(a, &list[i]) {
			out = append(out, list[i])
		}
	}
	if len(out) == 0 && len(list) > 0 {
		return nil, apperr.NotFoundf("课程不存在或没有您可以撤回的分配")
	}
	return out, nil
}

// Withdraw undoes an assignment: who has not started leaves the course;
// who has started or completed keeps their enrollment, progress and the
// hours already credited, no longer required nor due. The change is
// recorded in the audit log in the same transaction.
func (s *Service) Withdraw(ctx context.Context, a *org.Actor, audit Auditor, id int64) (*AssignmentRow, error) {
	var row *AssignmentRow
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		list, err := assignmentsOf(ctx, tx, 0, id)
		if err != nil || len(list) == 0 || !s.canWithdraw(a, &list[0]) {
			return apperr.NotFoundf("分配不存在或不在您的管辖范围内")
		}
		row = &list[0]
		users, err := lockAssignmentEnrollments(ctx, tx, id)
		if err != nil {
			return err
		}
		p := ofCourse(row.CourseID, users)
		if err := s.reportChanging(ctx, tx, p); err != nil {
			return err
		}
		if err := releaseAssignment(ctx, tx, id); err != nil {
			return err
		}
		if err := s.reportChanged(ctx, tx, p); err != nil {
			return err
		}
		return audit.RecordEvent(ctx, tx, a, "assignment.withdraw", row.UnitPath, map[string]any{
			"course_id": row.CourseID, "assignment_id": id, "unit": row.UnitName, "named": row.Named,
			"enrolled": row.Enrolled, "completed": row.Completed})
	})
	return row, err
}
