package feedback

import (
	"context"

	"lms/internal/apperr"
	"lms/org"
)

// Settings are the deadlines of a unit the actor handles.
func (s *Service) Settings(ctx context.Context, a *org.Actor, unitID int64) (Settings, error) {
	u, err := s.handledUnit(ctx, a, unitID)
	if err != nil {
		return Settings{}, err
	}
	return s.settingsOf(ctx, u)
}

func (s *Service) settingsOf(ctx context.Context, u *Unit) (Settings, error) {
	st, err := settingsFor(ctx, s.db, u.ID, u.Path)
	st.UnitName = u.Name
	return st, err
}

// SetSettings changes a unit's deadlines (and so its subtree's, where no
// unit below has its own). Messages already written keep their deadlines.
func (s *Service) SetSettings(ctx context.Context, a *org.Actor, unitID int64, in Settings) (Settings, error) {
	u, err := s.handledUnit(ctx, a, unitID)
	if err != nil {
		return Settings{}, err
	}
	switch {
	case in.AcceptDays < 1 || in.AcceptDays > 30:
		return Settings{}, apperr.Invalidf("受理期限须为 1 到 30 个工作日")
	case in.AnswerDays < in.AcceptDays || in.AnswerDays > 60:
		return Settings{}, apperr.Invalidf("答复期限须不短于受理期限，且不超过 60 个工作日")
	}
	in.UnitID = u.ID
	if err := saveSettings(ctx, s.db, in); err != nil {
		return Settings{}, err
	}
	return s.settingsOf(ctx, u)
}

func (s *Service) handledUnit(ctx context.Context, a *org.Actor, unitID int64) (*Unit, error) {
	u, err := unitByID(ctx, s.db, unitID)
	if apperr.Is(err, apperr.NotFound) || err == nil && !handles(a, u.Path) {
		return nil, apperr.NotFoundf("党组织不存在或无权设置")
	}
	return u, err
}
