package org

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "Demo2026!"

// DemoLogin is one demo account, printed by `lms seed demo`.
type DemoLogin struct {
	Username, Name, Role, Unit string
}

type demoUnit struct {
	name, kind string
	children   []demoUnit
}

var demoTree = demoUnit{"示范能源集团", "集团", []demoUnit{
	{"集团机关党委", "党委", []demoUnit{
		{"办公室党支部", "党支部", nil},
		{"人力资源部党支部", "党支部", nil},
	}},
	{"华北分公司党委", "党委", []demoUnit{
		{"生产党总支", "党总支", []demoUnit{
			{"第一党支部", "党支部", nil},
			{"第二党支部", "党支部", nil},
		}},
		{"机关党支部", "党支部", nil},
	}},
	{"华南分公司党委", "党委", []demoUnit{
		{"营销党支部", "党支部", nil},
	}},
}}

type demoUser struct {
	username, name, unit, rank string
	role                       Role
	scope                      string
}

var demoUsers = []demoUser{
	{"demo_admin", "系统管理员", "示范能源集团", "正处级", RoleAdmin, "示范能源集团"},
	{"demo_committee", "王组织", "华北分公司党委", "副处级", RoleCommittee, "华北分公司党委"},
	{"demo_trainer", "李讲师", "集团机关党委", "正科级", RoleTrainer, ""},
	{"demo_learner", "张学员", "第一党支部", "科员", RoleLearner, ""},
}

var demoLearners = []struct{ unit, prefix string }{
	{"第一党支部", "hb1_"}, {"第二党支部", "hb2_"}, {"机关党支部", "hbj_"},
	{"办公室党支部", "bgs_"}, {"营销党支部", "hnyx_"},
}

// SeedDemo creates the demo organisation once; a second run changes nothing.
func (s *Service) SeedDemo(ctx context.Context) ([]DemoLogin, error) {
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := getUserByName(ctx, tx, "demo_admin"); err == nil {
			return nil
		} else if !apperr.Is(err, apperr.NotFound) {
			return err
		}
		units := map[string]int64{}
		if err := seedUnits(ctx, tx, demoTree, 0, "", units); err != nil {
			return err
		}
		return s.seedUsers(ctx, tx, units)
	})
	if err != nil {
		return nil, err
	}
	var out []DemoLogin
	for _, u := range demoUsers {
		out = append(out, DemoLogin{u.username, u.name, string(u.role), u.unit})
	}
	return out, nil
}

func seedUnits(ctx context.Context, tx pgx.Tx, d demoUnit, parentID int64, parentPath string, ids map[string]int64) error {
	u, err := insertUnit(ctx, tx, parentID, parentPath, d.name, d.kind)
	if err != nil {
		return err
	}
	ids[d.name] = u.ID
	for _, c := range d.children {
		if err := seedUnits(ctx, tx, c, u.ID, u.Path, ids); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) seedUsers(ctx context.Context, tx pgx.Tx, units map[string]int64) error {
	hash := HashPassword(DemoPassword)
	for _, d := range demoUsers {
		roles := []Grant{{Role: RoleLearner}}
		if d.role != RoleLearner {
			roles = append(roles, Grant{Role: d.role, ScopeUnitID: units[d.scope]})
		}
		if err := s.seedUser(ctx, tx, UserInput{Username: d.username, DisplayName: d.name,
			UnitID: units[d.unit], Rank: d.rank}, hash, roles); err != nil {
			return err
		}
	}
	surnames := []rune("赵钱孙周吴郑冯陈褚卫")
	for _, l := range demoLearners {
		for i := 1; i <= 6; i++ {
			in := UserInput{Username: fmt.Sprintf("%s%02d", l.prefix, i),
				DisplayName: fmt.Sprintf("%c%s%d", surnames[(i+len(l.prefix))%len(surnames)], "学员", i),
				UnitID:      units[l.unit], Rank: Ranks[4+i%3]}
			if err := s.seedUser(ctx, tx, in, hash, []Grant{{Role: RoleLearner}}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) seedUser(ctx context.Context, tx pgx.Tx, in UserInput, hash string, roles []Grant) error {
	id, err := insertUser(ctx, tx, in, hash, false)
	if err != nil {
		return err
	}
	if err := s.reportChanged(ctx, tx, []int64{id}); err != nil {
		return err
	}
	return replaceRoles(ctx, tx, id, roles)
}
