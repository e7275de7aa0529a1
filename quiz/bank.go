package quiz

import (
	"context"
	"strings"
	"time"

	"lms/internal/apperr"
)

// Bank is a question bank.
type Bank struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CourseID  *int64    `json:"course_id,omitempty"`
	UnitPath  string    `json:"unit_path,omitempty"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Questions int       `json:"questions"`
}

// BankInput is a new bank: for a course, or shared with a unit's subtree
// (the viewer's own unit when neither is given).
type BankInput struct {
	Name     string `json:"name"`
	CourseID *int64 `json:"course_id"`
	UnitPath string `json:"unit_path"`
}

// CreateBank makes a bank; only managers may.
func (s *Service) CreateBank(ctx context.Context, v Viewer, in BankInput) (*Bank, error) {
	if !v.Manager {
		return nil, apperr.Forbiddenf("只有讲师或管理员可以建立题库")
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len([]rune(in.Name)) > 200 {
		return nil, apperr.Invalidf("题库名称须为 1 到 200 个字")
	}
	if in.CourseID == nil && in.UnitPath == "" {
		in.UnitPath = v.UnitPath
	}
	if in.UnitPath != "" && !v.reaches(in.UnitPath) {
		return nil, apperr.Forbiddenf("只能把题库共享给本单位或您管理的组织")
	}
	id, err := insertBank(ctx, s.db, in, v.UserID)
	if err != nil {
		return nil, err
	}
	return s.Bank(ctx, v, id)
}

// Bank returns a bank the viewer may use.
func (s *Service) Bank(ctx context.Context, v Viewer, id int64) (*Bank, error) {
	b, err := getBank(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !v.canUseBank(b) {
		return nil, apperr.NotFoundf("题库不存在")
	}
	return b, nil
}

// canUseBank: managers use the banks they made, those shared with their
// part of the tree, and (until courses say who teaches them) course banks.
func (v Viewer) canUseBank(b *Bank) bool {
	return v.Manager && (b.CreatedBy == v.UserID || b.CourseID != nil || v.reaches(b.UnitPath))
}

// Banks lists the banks the viewer may use.
func (s *Service) Banks(ctx context.Context, v Viewer) ([]Bank, error) {
	if !v.Manager {
		return []Bank{}, nil
	}
	return listBanks(ctx, s.db, v.UserID, v.UnitPath, v.Scopes)
}
