package notice

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Create saves a draft addressed to a unit of the viewer's scopes.
func (s *Service) Create(ctx context.Context, v Viewer, in Input) (*View, error) {
	if !v.Publishes() {
		return nil, apperr.Forbiddenf("只有党委和管理员可以发布通知")
	}
	in, err := s.checkInput(ctx, v, in)
	if err != nil {
		return nil, err
	}
	id, err := insertNotice(ctx, s.db, in, v.UserID)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, v, id)
}

// Update changes a draft; a published notice is fixed (withdraw it and
// publish another).
func (s *Service) Update(ctx context.Context, v Viewer, id int64, in Input) (*View, error) {
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.lockDraft(ctx, tx, v, id); err != nil {
			return err
		}
		in, err := s.checkInput(ctx, v, in)
		if err != nil {
			return err
		}
		return updateNotice(ctx, tx, id, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, v, id)
}

// checkInput cleans in and checks its units: the addressed unit inside
// the viewer's scopes, the chosen ones inside the addressed unit.
func (s *Service) checkInput(ctx context.Context, v Viewer, in Input) (Input, error) {
	in, err := in.clean(s.now())
	if err != nil {
		return in, err
	}
	units, err := unitsByID(ctx, s.db, append([]int64{in.UnitID}, in.UnitIDs...))
	if err != nil {
		return in, err
	}
	paths := map[int64]string{}
	for _, u := range units {
		paths[u.ID] = u.Path
	}
	scope, ok := paths[in.UnitID]
	if !ok || !v.mayAddress(scope) {
		return in, apperr.Forbiddenf("只能向本级党组织管辖范围内发布通知")
	}
	for _, id := range in.UnitIDs {
		if p, ok := paths[id]; !ok || !within(p, scope) {
			return in, apperr.Invalidf("所选单位不在发布范围内")
		}
	}
	return in, nil
}

// manageable finds a notice the viewer manages; to anyone else it does not
// exist.
func (s *Service) manageable(ctx context.Context, q db.DBTX, v Viewer, id int64, lock bool) (*Notice, error) {
	var n *Notice
	var err error
	if tx, ok := q.(pgx.Tx); ok && lock {
		n, err = lockNotice(ctx, tx, id)
	} else {
		n, err = getNotice(ctx, q, id)
	}
	if err != nil {
		return nil, err
	}
	if !v.manages(n) {
		return nil, apperr.NotFoundf("通知不存在")
	}
	return n, nil
}

func (s *Service) lockDraft(ctx context.Context, tx pgx.Tx, v Viewer, id int64) (*Notice, error) {
	n, err := s.manageable(ctx, tx, v, id, true)
	if err == nil && n.State != Draft {
		err = apperr.Conflictf("通知已发布或已撤回，不能再修改")
	}
	return n, err
}

// Publish makes a draft visible to its audience. Nothing per reader is
// written: who reads it is decided when they look.
func (s *Service) Publish(ctx context.Context, v Viewer, id int64) (*View, error) {
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		n, err := s.lockDraft(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if n.ExpiresAt != nil && !n.ExpiresAt.After(s.now()) {
			return apperr.Invalidf("截止日期已过，请先修改截止日期")
		}
		return s.move(ctx, tx, id, Draft, Published)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, v, id)
}

// Withdraw hides a published notice from its readers; its read records
// stay.
func (s *Service) Withdraw(ctx context.Context, v Viewer, id int64) (*View, error) {
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		n, err := s.manageable(ctx, tx, v, id, true)
		if err != nil {
			return err
		}
		if n.State != Published {
			return apperr.Conflictf("只有已发布的通知可以撤回")
		}
		return s.move(ctx, tx, id, Published, Withdrawn)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, v, id)
}

func (s *Service) move(ctx context.Context, tx pgx.Tx, id int64, from, to string) error {
	ok, err := setState(ctx, tx, id, from, to)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Conflictf("通知状态已变化，请刷新")
	}
	if s.OnChange != nil {
		return s.OnChange(ctx, tx, id)
	}
	return nil
}
