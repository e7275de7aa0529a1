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
	// Writable: the viewer may change its questions, not only use them.
	Writable bool `json:"writable" db:"-"`
}

// BankInput is a new bank: for a course, or shared with a unit's subtree
// (the viewer's own unit when neither is given).
type BankInput struct {
	Name     string `json:"name"`
	CourseID *int64 `json:"course_id"`
	UnitPath string `json:"unit_path"`
}

// CreateBank makes a bank in a course the viewer teaches, or shared with a
// subtree within their reach.
func (s *Service) CreateBank(ctx context.Context, v Viewer, in BankInput) (*Bank, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len([]rune(in.Name)) > 200 {
		return nil, apperr.Invalidf("题库名称须为 1 到 200 个字")
	}
	if in.CourseID != nil {
		in.UnitPath = ""
	} else if in.UnitPath == "" {
		in.UnitPath = v.UnitPath
	}
	if err := s.checkPlace(ctx, v, in.CourseID, in.UnitPath, "题库"); err != nil {
		return nil, err
	}
	id, err := insertBank(ctx, s.db, in, v.UserID)
	if err != nil {
		return nil, err
	}
	return s.Bank(ctx, v, id)
}

// Bank returns a bank the viewer may use.
func (s *Service) Bank(ctx context.Context, v Viewer, id int64) (*Bank, error) {
	return s.bankFor(ctx, v, id, readOnly)
}

// bankFor returns a bank the viewer may use as far as need.
func (s *Service) bankFor(ctx context.Context, v Viewer, id int64, need access) (*Bank, error) {
	b, err := getBank(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	got, err := s.checkBank(ctx, v, b, need)
	if err != nil {
		return nil, err
	}
	b.Writable = got == readWrite
	return b, nil
}

// Banks lists the banks the viewer may use.
func (s *Service) Banks(ctx context.Context, v Viewer) ([]Bank, error) {
	if !v.CanBuild() {
		return []Bank{}, nil
	}
	list, err := listBanks(ctx, s.db, v.UserID, v.UnitPath, v.Scopes)
	if err != nil {
		return nil, err
	}
	return s.usableBanks(ctx, v, list)
}
