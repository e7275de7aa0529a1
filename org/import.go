package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// RowError is one rejected row of an import.
type RowError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ImportReport says what an import did, or would do in a dry run.
type ImportReport struct {
	Total           int        `json:"total"`
	Created         int        `json:"created"`
	Updated         int        `json:"updated"`
	Errors          []RowError `json:"errors"`
	DryRun          bool       `json:"dry_run"`
	Applied         bool       `json:"applied"`
	InitialPassword string     `json:"initial_password,omitempty"`
}

// ImportOptions: new accounts all get InitialPassword (generated when empty)
// and must change it at first login. Hashing it once, not per row, is what
// lets 10,000 rows import in seconds.
type ImportOptions struct {
	DryRun          bool
	InitialPassword string
}

type importRow struct {
	RosterRow
	unitID int64
	roles  []string
	isNew  bool
}

var roleWords = map[string]Role{
	"学员": RoleLearner, "learner": RoleLearner,
	"讲师": RoleTrainer, "trainer": RoleTrainer,
	"党委": RoleCommittee, "组织部门": RoleCommittee, "committee": RoleCommittee,
	"管理员": RoleAdmin, "admin": RoleAdmin,
}

// ImportUsers checks every row and, only when all are valid and this is not
// a dry run, creates or updates the accounts in one transaction.
func (s *Service) ImportUsers(ctx context.Context, a *Actor, rows []RosterRow, opt ImportOptions) (*ImportReport, error) {
	rep := &ImportReport{Total: len(rows), DryRun: opt.DryRun}
	if opt.InitialPassword == "" {
		opt.InitialPassword = RandomPassword()
		rep.InitialPassword = opt.InitialPassword
	}
	if err := ValidatePassword(opt.InitialPassword); err != nil {
		return nil, err
	}
	checked, err := s.checkRows(ctx, a, rows, rep)
	if err != nil || len(rep.Errors) > 0 || opt.DryRun {
		return rep, err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.applyImport(ctx, tx, checked, HashPassword(opt.InitialPassword)); err != nil {
			return err
		}
		return s.RecordImport(ctx, tx, a, map[string]any{"rows": len(rows), "created": rep.Created, "updated": rep.Updated})
	})
	rep.Applied = err == nil
	return rep, err
}

// applyImport creates or updates every account and its roles in a few
// statements, the existing accounts first so the report hears of both.
func (s *Service) applyImport(ctx context.Context, tx pgx.Tx, rows []importRow, hash string) error {
	if err := stageImport(ctx, tx, rows); err != nil {
		return err
	}
	existing, err := lockImported(ctx, tx)
	if err != nil {
		return err
	}
	if err := s.reportChanging(ctx, tx, existing); err != nil {
		return err
	}
	if err := updateImported(ctx, tx, existing); err != nil {
		return err
	}
	added, err := insertImported(ctx, tx, hash)
	if err != nil {
		return err
	}
	if err := s.reportChanged(ctx, tx, append(existing, added...)); err != nil {
		return err
	}
	return replaceImportedRoles(ctx, tx)
}

func (s *Service) checkRows(ctx context.Context, a *Actor, rows []RosterRow, rep *ImportReport) ([]importRow, error) {
	units, err := unitIndex(ctx, s.db)
	if err != nil {
		return nil, err
	}
	existing, err := existingUsers(ctx, s.db, rows)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(rows))
	out := make([]importRow, 0, len(rows))
	for _, r := range rows {
		ir, msg := s.checkRow(a, r, units, existing)
		key := strings.ToLower(r.Username)
		if first, dup := seen[key]; dup && msg == "" {
			msg = fmt.Sprintf("账号“%s”与第 %d 行重复", r.Username, first)
		}
		seen[key] = r.Line
		if msg != "" {
			rep.Errors = append(rep.Errors, RowError{Line: r.Line, Message: msg})
			continue
		}
		if ir.isNew {
			rep.Created++
		} else {
			rep.Updated++
		}
		out = append(out, ir)
	}
	return out, nil
}

func (s *Service) checkRow(a *Actor, r RosterRow, units map[string]*Unit, existing map[string]string) (importRow, string) {
	ir := importRow{RosterRow: r}
	in := UserInput{Username: r.Username, DisplayName: r.Name, Rank: r.Rank, Phone: r.Phone, Email: r.Email}
	var msgs []string
	for _, err := range in.fieldErrors() {
		msgs = append(msgs, err.Error())
	}
	ir.Username, ir.Name, ir.Rank, ir.Phone, ir.Email = in.Username, in.DisplayName, in.Rank, in.Phone, in.Email
	if msg := s.checkPlace(a, &ir, units, existing); msg != "" {
		msgs = append(msgs, msg)
	}
	roles, msg := parseRoles(r.Roles)
	if msg != "" {
		msgs = append(msgs, msg)
	}
	if len(roles) == 0 && ir.isNew {
		roles = []string{string(RoleLearner)}
	}
	ir.roles = roles
	return ir, strings.Join(msgs, "；")
}

// checkPlace resolves the row's unit and checks that the actor manages it
// and, for an existing account, the account's present unit.
func (s *Service) checkPlace(a *Actor, ir *importRow, units map[string]*Unit, existing map[string]string) string {
	unit, msg := resolveUnitPath(ir.Unit, units)
	if msg != "" {
		return msg
	}
	if !s.Policy.CanManageUser(a, unit.Path) {
		return fmt.Sprintf("组织“%s”不在您的管辖范围内", ir.Unit)
	}
	ir.unitID = unit.ID
	oldPath, found := existing[strings.ToLower(ir.Username)]
	if found && !s.Policy.CanManageUser(a, oldPath) {
		return fmt.Sprintf("账号“%s”已存在，且不在您的管辖范围内", ir.Username)
	}
	ir.isNew = !found
	return ""
}

// resolveUnitPath finds "集团/党委/第一党支部" in the tree. A path that names
// the same unit twice is a cycle and never a real place in the tree.
func resolveUnitPath(path string, units map[string]*Unit) (*Unit, string) {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '／' })
	if len(parts) == 0 {
		return nil, "组织不能为空"
	}
	seen := map[string]bool{}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
		if seen[parts[i]] {
			return nil, fmt.Sprintf("组织路径“%s”中“%s”出现了两次（路径循环）", path, parts[i])
		}
		seen[parts[i]] = true
	}
	u, ok := units[strings.Join(parts, "/")]
	if !ok {
		return nil, fmt.Sprintf("组织“%s”不存在（请写从顶级组织开始的完整路径，用 / 分隔）", path)
	}
	return u, ""
}

func parseRoles(cell string) ([]string, string) {
	words := strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(",，、;； ", r) })
	var out []string
	seen := map[Role]bool{}
	for _, w := range words {
		role, ok := roleWords[strings.ToLower(w)]
		if !ok {
			return nil, fmt.Sprintf("未知角色“%s”（可用：学员、讲师、党委、管理员）", w)
		}
		if !seen[role] {
			seen[role] = true
			out = append(out, string(role))
		}
	}
	return out, ""
}
