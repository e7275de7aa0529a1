package org

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Unit is one node of the organisation tree (集团, 党委, 党总支, 党支部 …).
type Unit struct {
	ID        int64  `json:"id"`
	ParentID  *int64 `json:"parent_id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Path      string `json:"-"`
	UserCount int64  `json:"user_count"`
}

// TreeNode is a unit with its children, for the tree view and the API.
type TreeNode struct {
	Unit
	Children []*TreeNode `json:"children"`
}

// UnitKinds are the usual kinds of party organisation, offered in the editor.
var UnitKinds = []string{"集团", "公司", "党委", "党总支", "党支部", "部门"}

func validateUnitName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return "", apperr.Invalidf("组织名称须为 1 到 100 个字符")
	}
	if strings.ContainsAny(name, "/\\") || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "", apperr.Invalidf("组织名称不能包含斜杠或控制字符")
	}
	return name, nil
}

// CreateUnit adds a unit under parentID (0 for a new root, system only).
func (s *Service) CreateUnit(ctx context.Context, a *Actor, parentID int64, name, kind string) (*Unit, error) {
	name, err := validateUnitName(name)
	if err != nil {
		return nil, err
	}
	var u *Unit
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		parentPath := ""
		if parentID != 0 {
			parent, err := getUnit(ctx, tx, parentID)
			if err != nil || !s.Policy.CanManageUnit(a, parent.Path) {
				return s.hideUnit(a, parent, err)
			}
			parentPath = parent.Path
		} else if !a.System {
			return apperr.Forbiddenf("只有系统管理员可以创建顶级组织")
		}
		u, err = insertUnit(ctx, tx, parentID, parentPath, name, strings.TrimSpace(kind))
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.create", 0, u.Path, map[string]any{"name": name})
	})
	return u, err
}

// hideUnit turns "exists but not yours" into 404 for those who may not even
// see the unit, and into 403 for those who see it but may not change it.
func (s *Service) hideUnit(a *Actor, u *Unit, err error) error {
	if err != nil {
		return err
	}
	if s.Policy.CanViewUnit(a, u.Path) {
		return apperr.Forbiddenf("无权修改该组织")
	}
	return apperr.NotFoundf("组织不存在")
}

// RenameUnit changes a unit's name and kind.
func (s *Service) RenameUnit(ctx context.Context, a *Actor, id int64, name, kind string) error {
	name, err := validateUnitName(name)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		u, err := getUnit(ctx, tx, id)
		if err != nil || !s.Policy.CanManageUnit(a, u.Path) {
			return s.hideUnit(a, u, err)
		}
		if err := updateUnitName(ctx, tx, id, name, strings.TrimSpace(kind)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.rename", 0, u.Path, map[string]any{"from": u.Name, "to": name})
	})
}

// MoveUnit moves a unit, with its whole subtree, under a new parent.
func (s *Service) MoveUnit(ctx context.Context, a *Actor, id, newParentID int64) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		u, err := getUnit(ctx, tx, id)
		if err != nil || !s.Policy.CanManageUnit(a, u.Path) {
			return s.hideUnit(a, u, err)
		}
		if !a.System && isScopeRoot(a, u.Path) {
			return apperr.Forbiddenf("不能移动您自己管辖范围的根组织")
		}
		parent, err := getUnit(ctx, tx, newParentID)
		if err != nil || !s.Policy.CanManageUnit(a, parent.Path) {
			return s.hideUnit(a, parent, err)
		}
		if Within(parent.Path, u.Path) {
			return apperr.Invalidf("不能把组织移到它自己或其下级组织之下")
		}
		if err := moveSubtree(ctx, tx, u, parent); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.move", 0, parent.Path, map[string]any{"unit": u.Name, "to": parent.Name})
	})
}

func isScopeRoot(a *Actor, path string) bool {
	for _, p := range a.ScopePaths(RoleAdmin) {
		if p == path {
			return true
		}
	}
	return false
}

// Tree returns the parts of the tree the actor may see, as a forest.
func (s *Service) Tree(ctx context.Context, a *Actor) ([]*TreeNode, error) {
	scopes := a.ScopePaths(RoleCommittee, RoleAdmin)
	if !a.System && len(scopes) == 0 {
		return nil, apperr.Forbiddenf("无权查看组织架构")
	}
	units, err := listUnits(ctx, s.db, scopes, a.System)
	if err != nil {
		return nil, err
	}
	return buildForest(units), nil
}

func buildForest(units []Unit) []*TreeNode {
	byID := make(map[int64]*TreeNode, len(units))
	var roots []*TreeNode
	for i := range units { // ordered by path: parents come first
		n := &TreeNode{Unit: units[i], Children: []*TreeNode{}}
		byID[n.ID] = n
		if n.ParentID != nil && byID[*n.ParentID] != nil {
			byID[*n.ParentID].Children = append(byID[*n.ParentID].Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	sortByID(roots)
	return roots
}

// sortByID orders siblings by creation, the order people entered them.
func sortByID(nodes []*TreeNode) {
	slices.SortFunc(nodes, func(a, b *TreeNode) int { return cmp.Compare(a.ID, b.ID) })
	for _, n := range nodes {
		sortByID(n.Children)
	}
}

// Unit returns one unit the actor may see.
func (s *Service) Unit(ctx context.Context, a *Actor, id int64) (*Unit, error) {
	u, err := getUnit(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !s.Policy.CanViewUnit(a, u.Path) {
		return nil, apperr.NotFoundf("组织不存在")
	}
	return u, nil
}

// UnitNames returns the names from the root down to the unit with path.
func (s *Service) UnitNames(ctx context.Context, path string) ([]string, error) {
	return unitNames(ctx, s.db, path)
}

// UnitIDByPath finds a unit by its names from the root, "集团/党委/第一党支部".
func (s *Service) UnitIDByPath(ctx context.Context, path string) (int64, error) {
	units, err := unitIndex(ctx, s.db)
	if err != nil {
		return 0, err
	}
	u, msg := resolveUnitPath(path, units)
	if msg != "" {
		return 0, apperr.Invalidf("%s", msg)
	}
	return u.ID, nil
}
