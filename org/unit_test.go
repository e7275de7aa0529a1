package org

import (
	"strings"
	"testing"

	"lms/internal/apperr"
)

func TestMoveUnitCarriesSubtree(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	zong, dest := f.unit("生产党总支"), f.unit("华南分公司党委")
	if err := f.svc.MoveUnit(f.ctx, admin, zong.ID, dest.ID); err != nil {
		t.Fatal(err)
	}
	moved, err := f.svc.Unit(f.ctx, admin, f.unit("第一党支部").ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := dest.Path + "." + "u" + strings.TrimPrefix(zong.Path[strings.LastIndex(zong.Path, ".")+1:], "u"); !strings.HasPrefix(moved.Path, want+".") {
		t.Errorf("child path %s, want under %s", moved.Path, want)
	}
	names, _ := f.svc.UnitNames(f.ctx, moved.Path)
	if got := strings.Join(names, "/"); got != "示范能源集团/华南分公司党委/生产党总支/第一党支部" {
		t.Errorf("names %s", got)
	}
	// The committee of 华北 no longer sees the moved branch or its people.
	committee := f.actor("demo_committee")
	if _, err := f.svc.User(f.ctx, committee, f.user("hb1_01").ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("committee still sees a moved user: %v", err)
	}
}

func TestUnitBadInput(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	zong := f.unit("生产党总支")
	if err := f.svc.MoveUnit(f.ctx, admin, zong.ID, f.unit("第一党支部").ID); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("move under own child: %v", err)
	}
	if err := f.svc.MoveUnit(f.ctx, admin, zong.ID, zong.ID); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("move under itself: %v", err)
	}
	for _, name := range []string{"", "  ", "a/b", "x\x00y", strings.Repeat("长", 101)} {
		if _, err := f.svc.CreateUnit(f.ctx, admin, zong.ID, name, ""); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("create %q: %v", name, err)
		}
	}
	if _, err := f.svc.CreateUnit(f.ctx, admin, zong.ID, "第一党支部", ""); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("duplicate sibling: %v", err)
	}
	if _, err := f.svc.CreateUnit(f.ctx, admin, 999999, "新", ""); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown parent: %v", err)
	}
	if _, err := f.svc.CreateUnit(f.ctx, admin, 0, "另一个集团", ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("root by web admin: %v", err)
	}
	tree, err := f.svc.Tree(f.ctx, admin)
	if err != nil || len(tree) != 1 || tree[0].Name != "示范能源集团" || len(tree[0].Children) != 3 {
		t.Fatalf("tree: %+v %v", tree, err)
	}
	if tree[0].Children[0].Name != "集团机关党委" {
		t.Errorf("children not in creation order: %s", tree[0].Children[0].Name)
	}
}
