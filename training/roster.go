package training

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Member is one person of a class's roster as its managers see it.
type Member struct {
	UserID   int64     `json:"user_id"`
	Name     string    `json:"name"`
	Source   string    `json:"source"` // unit, named, import, apply
	Status   string    `json:"status"` // in, applied, rejected, waiting
	Reason   string    `json:"reason"`
	JoinedAt time.Time `json:"joined_at"`
}

// AssignUnits puts every present and future person of the given units'
// subtrees (optionally of one rank) in the class.
func (s *Service) AssignUnits(ctx context.Context, a *org.Actor, units Units, classID int64, unitIDs []int64, rank string) error {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return err
	}
	if len(unitIDs) == 0 {
		return apperr.Invalidf("请选择要分配的单位")
	}
	var paths []string
	for _, id := range unitIDs {
		u, err := units.Unit(ctx, a, id)
		if err != nil {
			return err
		}
		if !org.Within(u.Path, c.UnitPath) {
			return apperr.Forbiddenf("“%s”不在本班所属单位范围内", u.Name)
		}
		paths = append(paths, u.Path)
	}
	if err := insertAssignUnits(ctx, s.db, classID, paths, strings.TrimSpace(rank)); err != nil {
		return err
	}
	return s.enrolNew(ctx, c, nil)
}

// AddPeople names people to the class (source "named" or "import"); each
// must belong to the class's subtree, and the roster may not pass capacity.
func (s *Service) AddPeople(ctx context.Context, a *org.Actor, classID int64, userIDs []int64, source string) (int, error) {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return 0, err
	}
	if len(userIDs) == 0 {
		return 0, apperr.Invalidf("名单中没有人员")
	}
	var added []int64
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if c, err = s.openLocked(ctx, tx, classID); err != nil {
			return err
		}
		if err := checkInSubtree(ctx, tx, c, userIDs); err != nil {
			return err
		}
		if added, err = addMembers(ctx, tx, classID, userIDs, source, a.UserID); err != nil {
			return err
		}
		return checkCapacity(ctx, tx, c)
	})
	if err != nil {
		return 0, err
	}
	return len(added), s.enrolNew(ctx, c, added)
}

// ImportRoster names the people of a roster file by their accounts.
func (s *Service) ImportRoster(ctx context.Context, a *org.Actor, ids IDsByUsername, classID int64, usernames []string) (int, error) {
	found, err := ids.UserIDsByUsername(ctx, usernames)
	if err != nil {
		return 0, err
	}
	var userIDs []int64
	for _, n := range usernames {
		id, ok := found[strings.ToLower(strings.TrimSpace(n))]
		if !ok {
			return 0, apperr.Invalidf("账号“%s”不存在", n)
		}
		userIDs = append(userIDs, id)
	}
	return s.AddPeople(ctx, a, classID, userIDs, "import")
}

// IDsByUsername resolves accounts (org.Service does).
type IDsByUsername interface {
	UserIDsByUsername(ctx context.Context, names []string) (map[string]int64, error)
}

// openLocked locks an open class; a closed one takes no one.
func (s *Service) openLocked(ctx context.Context, tx pgx.Tx, classID int64) (*Class, error) {
	c, err := lockClass(ctx, tx, classID)
	if err == nil && c.State != StateOpen {
		err = apperr.Conflictf("培训班已结班，名单不能再变")
	}
	return c, err
}

func checkInSubtree(ctx context.Context, tx pgx.Tx, c *Class, userIDs []int64) error {
	outside, err := outsideSubtree(ctx, tx, c.UnitPath, userIDs)
	if err != nil {
		return err
	}
	if len(outside) > 0 {
		return apperr.Forbiddenf("用户 %v 不在本班所属单位范围内", outside)
	}
	return nil
}

func checkCapacity(ctx context.Context, tx pgx.Tx, c *Class) error {
	if c.Capacity == 0 {
		return nil
	}
	n, err := rosterCount(ctx, tx, c.ID)
	if err == nil && n > c.Capacity {
		err = apperr.Conflictf("本班人数上限为 %d 人，已满，不能再加入（现有 %d 人）", c.Capacity, n-1)
	}
	return err
}

// Roster lists the class's people for its managers.
func (s *Service) Roster(ctx context.Context, a *org.Actor, classID int64) ([]Member, error) {
	if _, err := s.managed(ctx, a, classID); err != nil {
		return nil, err
	}
	list, err := rosterList(ctx, s.db, classID)
	if err != nil {
		return nil, err
	}
	return list, s.name(ctx, list)
}

func (s *Service) name(ctx context.Context, list []Member) error {
	ids := make([]int64, len(list))
	for i, m := range list {
		ids[i] = m.UserID
	}
	names, err := s.People.Names(ctx, ids)
	for i := range list {
		list[i].Name = names[list[i].UserID]
		if list[i].Name == "" {
			list[i].Name = fmt.Sprint(list[i].UserID)
		}
	}
	return err
}
