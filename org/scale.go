package org

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// The organisation of `lms seed scale`: a tree of units (1 company in 500
// units, 1 党总支 in 50, the rest 党支部) and people in it, generated from a
// seed and loaded with COPY (store_scale.go). Course and quiz load their
// part of the group over this tree.

// ScaleRootName is the group `lms seed scale` generates.
const ScaleRootName = "规模测试集团"

// ScaleUnit is one generated unit.
type ScaleUnit struct {
	ID, Parent       int64
	Name, Kind, Path string
	Level            int // 0 the group, 1 a company, 2 a 党总支, 3 a 党支部
	Company, Branch  int // indexes of the company and 党总支 above (or of itself)
}

// ScaleTree is the generated organisation.
type ScaleTree struct {
	Units     []ScaleUnit
	Companies []int // indexes into Units
	Branches  []int
	Leaves    []int
	UserIDs   []int64
	UserUnit  []int32 // each person's unit, an index into Units
}

// ScaleOptions size the generated organisation.
type ScaleOptions struct {
	Units, Users int
	Seed         uint64
}

// LoadScale generates the tree and its people (plus the benchmark's
// scale_admin over the group and scale_committee over the first company)
// and copies them in tx; the same seed gives the same tree.
func LoadScale(ctx context.Context, tx pgx.Tx, o ScaleOptions, step db.Step) (*ScaleTree, error) {
	t := &ScaleTree{}
	err := step("units", func() error {
		ids, err := db.ReserveIDs(ctx, tx, "units", o.Units)
		if err == nil {
			t.shape(ids)
			err = copyScaleUnits(ctx, tx, t.Units)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, step("users", func() error { return t.loadUsers(ctx, tx, o) })
}

// shape splits the units into companies, 党总支 and 党支部.
func (t *ScaleTree) shape(ids []int64) {
	n := len(ids)
	nc, nb := max(1, n/500), max(1, n/50)
	nl := n - 1 - nc - nb
	add := func(u ScaleUnit) int {
		u.ID = ids[len(t.Units)]
		u.Path = fmt.Sprintf("u%d", u.ID)
		if u.Level > 0 { // u.Parent holds the parent's index until here
			parent := t.Units[u.Parent]
			u.Path = parent.Path + "." + u.Path
			u.Parent = parent.ID
		}
		t.Units = append(t.Units, u)
		return len(t.Units) - 1
	}
	add(ScaleUnit{Name: ScaleRootName, Kind: "集团"})
	for c := range nc {
		t.Companies = append(t.Companies, add(ScaleUnit{Name: fmt.Sprintf("第%02d分公司党委", c+1), Kind: "党委",
			Level: 1, Company: c}))
	}
	for b := range nb {
		c := b % nc
		t.Branches = append(t.Branches, add(ScaleUnit{Name: fmt.Sprintf("第%d党总支", b/nc+1), Kind: "党总支",
			Level: 2, Parent: int64(t.Companies[c]), Company: c, Branch: b}))
	}
	for l := range nl {
		b := l % nb
		t.Leaves = append(t.Leaves, add(ScaleUnit{Name: fmt.Sprintf("第%d党支部", l/nb+1), Kind: "党支部",
			Level: 3, Parent: int64(t.Branches[b]), Company: b % nc, Branch: b}))
	}
}

// placeUsers puts 2 % of the people in the companies' own offices, 3 % in
// the 党总支 and the rest in the 党支部; the first two are the benchmark's
// administrator (the group) and committee member (the first company).
func (t *ScaleTree) placeUsers(users int) {
	t.UserUnit = make([]int32, users+2)
	t.UserUnit[0], t.UserUnit[1] = 0, int32(t.Companies[0])
	for i := range users {
		var u int
		switch k := i % 100; {
		case k < 2:
			u = t.Companies[(i/100)%len(t.Companies)]
		case k < 5:
			u = t.Branches[(i/100)%len(t.Branches)]
		default:
			u = t.Leaves[i%len(t.Leaves)]
		}
		t.UserUnit[i+2] = int32(u)
	}
}

var (
	scaleSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	scaleGiven    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌辉鹏宇浩凯婷雪琳晨阳晓东海波宁欣怡佳俊毅")
)

func (t *ScaleTree) loadUsers(ctx context.Context, tx pgx.Tx, o ScaleOptions) error {
	t.placeUsers(o.Users)
	ids, err := db.ReserveIDs(ctx, tx, "users", len(t.UserUnit))
	if err != nil {
		return err
	}
	t.UserIDs = ids
	hash := HashPassword(DemoPassword)
	rng := rand.New(rand.NewPCG(o.Seed, 2))
	ranks := scaleRanks()
	rows := make([][]any, len(ids))
	for i, id := range ids {
		username, name := fmt.Sprintf("s%07d", i-1), randomName(rng)
		if i < 2 {
			username, name = []string{"scale_admin", "scale_committee"}[i], []string{"规模管理员", "规模组织委员"}[i]
		}
		rows[i] = []any{id, username, name, t.Units[t.UserUnit[i]].ID, ranks[rng.IntN(len(ranks))],
			fmt.Sprintf("139%08d", i), hash}
	}
	return copyScaleUsers(ctx, tx, rows, ids[0], t.Units[0].ID, ids[1], t.Units[t.Companies[0]].ID)
}

// scaleRanks: most cadres are 科员 and 科级; few are 处级.
func scaleRanks() []string {
	var out []string
	for _, r := range []struct {
		rank string
		n    int
	}{{"科员", 50}, {"副科级", 25}, {"正科级", 15}, {"副处级", 7}, {"正处级", 3}} {
		for range r.n {
			out = append(out, r.rank)
		}
	}
	return out
}

func randomName(rng *rand.Rand) string {
	name := []rune{scaleSurnames[rng.IntN(len(scaleSurnames))], scaleGiven[rng.IntN(len(scaleGiven))]}
	if rng.IntN(3) > 0 {
		name = append(name, scaleGiven[rng.IntN(len(scaleGiven))])
	}
	return string(name)
}
