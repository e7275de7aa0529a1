package course

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// AssignInput asks a unit's subtree and/or named users to study a course.
type AssignInput struct {
	CourseID  int64     `json:"course_id"`
	UnitID    int64     `json:"unit_id"`
	UserIDs   []int64   `json:"user_ids"`
	Mandatory bool      `json:"mandatory"`
	DueAt     time.Time `json:"due_at"`
	Year      int       `json:"year"`
}

// Assignment is a stored AssignInput, with how many it enrolled.
type Assignment struct {
	ID       int64 `json:"id"`
	Enrolled int64 `json:"enrolled"`
}

// Units resolves unit ids to their paths; the org feature provides it.
type Units interface {
	Unit(ctx context.Context, a *org.Actor, id int64) (*org.Unit, error)
}

// RankUnits also lists the 职级 in use under a unit, so that a requirement
// names a rank somebody holds.
type RankUnits interface {
	Units
	RanksIn(ctx context.Context, path string) ([]string, error)
}

// Assign records an assignment and enrolls everyone it covers now; people
// who join the subtree later are enrolled by SyncUser and the sync job.
func (s *Service) Assign(ctx context.Context, a *org.Actor, units Units, in AssignInput) (*Assignment, error) {
	if !a.System && !a.Has(org.RoleCommittee) && !a.Has(org.RoleAdmin) {
		return nil, apperr.Forbiddenf("只有党委（组织部门）或管理员可以分配课程")
	}
	if err := s.checkAssign(in); err != nil {
		return nil, err
	}
	path := ""
	if in.UnitID != 0 {
		u, err := units.Unit(ctx, a, in.UnitID)
		if err != nil {
			return nil, err
		}
		path = u.Path
	}
	out := &Assignment{}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := getCourse(ctx, tx, in.CourseID)
		if err != nil || c.State != "published" {
			return apperr.Invalidf("只能分配已发布的课程")
		}
		if err := s.checkNamedUsers(ctx, tx, a, in.UserIDs); err != nil {
			return err
		}
		out.ID, out.Enrolled, err = s.enrolAssigned(ctx, tx, a.UserID, path, in)
		return err
	})
	return out, err
}

// enrolAssigned records the assignment and enrolls everyone it covers,
// upgrading the enrollments that exist; it returns how many it covered.
func (s *Service) enrolAssigned(ctx context.Context, tx pgx.Tx, by int64, path string, in AssignInput) (int64, int64, error) {
	id, err := insertAssignment(ctx, tx, by, path, in)
	if err != nil {
		return 0, 0, err
	}
	existing, err := lockAssigned(ctx, tx, id, in.CourseID, path)
	if err != nil {
		return 0, 0, err
	}
	if len(existing) > 0 {
		if err := s.reportChanging(ctx, tx, ofCourse(in.CourseID, existing)); err != nil {
			return 0, 0, err
		}
		if err := upgradeAssigned(ctx, tx, id, in, existing); err != nil {
			return 0, 0, err
		}
	}
	added, err := insertAssigned(ctx, tx, id, path, in)
	if err != nil {
		return 0, 0, err
	}
	return id, int64(len(existing) + len(added)), s.reportChanged(ctx, tx, ofCourse(in.CourseID, existing, added))
}

func (s *Service) checkAssign(in AssignInput) error {
	switch {
	case in.UnitID == 0 && len(in.UserIDs) == 0:
		return apperr.Invalidf("请选择要分配的组织或人员")
	case len(in.UserIDs) > 10000:
		return apperr.Invalidf("一次最多指定 10000 人")
	case !in.DueAt.After(s.now()):
		return apperr.Invalidf("截止日期不能早于现在")
	case in.Year < 2000 || in.Year > 2100:
		return apperr.Invalidf("学习年度无效：%d", in.Year)
	}
	return nil
}

// checkNamedUsers: each named person must be in the actor's subtree.
func (s *Service) checkNamedUsers(ctx context.Context, q db.DBTX, a *org.Actor, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	paths, err := memberPaths(ctx, q, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		p, ok := paths[id]
		if !ok || !s.Policy.CanViewUnit(a, p) {
			return apperr.NotFoundf("用户 %d 不存在或不在您的管辖范围内", id)
		}
	}
	return nil
}

// SelfEnroll lets a learner join a published open course.
func (s *Service) SelfEnroll(ctx context.Context, a *org.Actor, courseID int64) error {
	c, err := s.Course(ctx, a, courseID)
	if err != nil {
		return err
	}
	if c.State != "published" || !c.Open {
		return apperr.Forbiddenf("该课程不开放自主报名")
	}
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		added, err := insertSelfEnrollment(ctx, tx, a.UserID, courseID, s.now().Year())
		if err != nil || !added {
			return err
		}
		return s.reportChanged(ctx, tx, ofUser(a.UserID, []int64{courseID}))
	})
}

// SyncUser enrolls a user in the assignments covering them now, so someone
// added to a unit finds its courses at once.
func (s *Service) SyncUser(ctx context.Context, userID int64) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		stale, err := lockSyncStale(ctx, tx, userID)
		if err != nil {
			return err
		}
		if len(stale) > 0 {
			if err := s.reportChanging(ctx, tx, ofUser(userID, stale)); err != nil {
				return err
			}
			if err := upgradeSynced(ctx, tx, userID, stale); err != nil {
				return err
			}
		}
		added, err := insertSynced(ctx, tx, userID)
		if err != nil {
			return err
		}
		return s.reportChanged(ctx, tx, ofUser(userID, stale, added))
	})
}

// MyCourse is one enrollment on a learner's dashboard.
type MyCourse struct {
	CourseID    int64      `json:"course_id"`
	Title       string     `json:"title"`
	Category    string     `json:"category"`
	Hours       float64    `json:"hours"`
	Mandatory   bool       `json:"mandatory"`
	DueAt       *time.Time `json:"due_at"`
	Year        int        `json:"year"`
	State       string     `json:"state"`
	Overdue     bool       `json:"overdue"`
	Percent     float64    `json:"percent"`
	CompletedAt *time.Time `json:"completed_at"`
	// Left names the required quizzes still to pass.
	Left []string `json:"left,omitempty" db:"-"`
}

// MyCourses lists a learner's enrollments, overdue first, then by due date.
func (s *Service) MyCourses(ctx context.Context, a *org.Actor) ([]MyCourse, error) {
	if err := s.SyncUser(ctx, a.UserID); err != nil {
		return nil, err
	}
	list, err := myCourses(ctx, s.db, a.UserID, s.now())
	if err != nil {
		return nil, err
	}
	return list, s.leftToPass(ctx, a.UserID, list)
}

// Catalogue lists published open courses (or a trainer's own with OwnerID).
func (s *Service) Catalogue(ctx context.Context, a *org.Actor, f CatalogueFilter) ([]Course, int64, error) {
	f.Page = max(f.Page, 1)
	if f.PerPage <= 0 || f.PerPage > 100 {
		f.PerPage = 20
	}
	if f.OwnerID != 0 && f.OwnerID != a.UserID && !a.System {
		return nil, 0, apperr.Forbiddenf("只能查看自己的课程")
	}
	return listCourses(ctx, s.db, f)
}
