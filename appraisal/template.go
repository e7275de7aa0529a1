package appraisal

import (
	"context"
	"strings"

	"lms/internal/apperr"
	"lms/org"
)

// BuiltinName is the name of the template every committee has.
const BuiltinName = "党支部书记述职评议（默认）"

// Templates lists the kept forms the actor may use, the built-in one
// first (ID 0).
func (s *Service) Templates(ctx context.Context, a *org.Actor) ([]Template, error) {
	all, err := listTemplates(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := []Template{{Name: BuiltinName, Form: DefaultForm()}}
	for _, t := range all {
		if a.System || mayUseTemplate(a, t.UnitPath) {
			out = append(out, t)
		}
	}
	return out, nil
}

// Template returns one template the actor may use.
func (s *Service) Template(ctx context.Context, a *org.Actor, id int64) (*Template, error) {
	t, err := getTemplate(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !a.System && !mayUseTemplate(a, t.UnitPath) {
		return nil, apperr.NotFoundf("评议模板不存在")
	}
	return t, nil
}

// TemplateInput is a form kept under a name at a unit the actor manages.
type TemplateInput struct {
	Name   string `json:"name"`
	UnitID int64  `json:"unit_id"`
	Form   Form   `json:"form"`
}

// SaveTemplate keeps a form for later campaigns.
func (s *Service) SaveTemplate(ctx context.Context, a *org.Actor, in TemplateInput) (*Template, error) {
	u, err := s.Dir.Unit(ctx, a, in.UnitID)
	if err != nil || !manages(a, u.Path) {
		return nil, apperr.Forbiddenf("只能在本组织及下级组织保存模板")
	}
	t := &Template{Name: strings.TrimSpace(in.Name), UnitPath: u.Path, Form: in.Form}
	if t.Name == "" || len([]rune(t.Name)) > 200 {
		return nil, apperr.Invalidf("请填写模板名称（不超过 200 字）")
	}
	if err := t.Form.Validate(); err != nil {
		return nil, err
	}
	return t, insertTemplate(ctx, s.db, t, a.UserID)
}
