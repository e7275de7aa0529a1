package notice

import (
	"context"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Get returns a notice to one who manages it or reads it; anyone else is
// told it does not exist. It records nothing.
func (s *Service) Get(ctx context.Context, v Viewer, id int64) (*View, error) {
	return s.view(ctx, s.db, v, id)
}

// Open is Get for a reader opening the notice: the first opening is
// recorded as 已读, committed before the notice is returned.
func (s *Service) Open(ctx context.Context, v Viewer, id int64) (*View, error) {
	out, err := s.view(ctx, s.db, v, id)
	if err != nil || !out.Reader || out.Read {
		return out, err
	}
	if err := markRead(ctx, s.db, id, v.UserID); err != nil {
		return nil, err
	}
	out.Read = true
	return out, nil
}

func (s *Service) view(ctx context.Context, q db.DBTX, v Viewer, id int64) (*View, error) {
	n, err := getNotice(ctx, q, id)
	if err != nil {
		return nil, err
	}
	out := &View{Notice: *n, Manage: v.manages(n), Reader: v.reads(n, s.now())}
	if !out.Manage && !out.Reader {
		return nil, apperr.NotFoundf("通知不存在")
	}
	if out.Units, err = unitsByID(ctx, q, n.UnitIDs); err != nil {
		return nil, err
	}
	if out.Attachments, err = attachments(ctx, q, id); err != nil {
		return nil, err
	}
	if v.UserID != 0 {
		out.Read, err = hasRead(ctx, q, id, v.UserID)
	}
	return out, err
}

// PerPage is the length of a page of notices.
const PerPage = 20

// Mine lists the live notices addressed to the viewer, pinned first.
func (s *Service) Mine(ctx context.Context, v Viewer, page int) ([]Item, bool, error) {
	list, err := liveItems(ctx, s.db, v, s.now(), false, PerPage+1, (max(page, 1)-1)*PerPage)
	return trim(list, err)
}

// Home is what the home page shows: the pinned and unread notices first,
// at most limit.
func (s *Service) Home(ctx context.Context, v Viewer, limit int) ([]Item, error) {
	if v.UserID == 0 {
		return nil, nil
	}
	return liveItems(ctx, s.db, v, s.now(), false, limit, 0)
}

// UnreadCount is the number of live notices addressed to the viewer that
// they have not opened, for the bell.
func (s *Service) UnreadCount(ctx context.Context, v Viewer) (int, error) {
	if v.UserID == 0 {
		return 0, nil
	}
	return countUnread(ctx, s.db, v, s.now())
}

// Unread lists the live notices the viewer has not opened, for the bell.
func (s *Service) Unread(ctx context.Context, v Viewer, limit int) ([]Item, error) {
	if v.UserID == 0 {
		return nil, nil
	}
	return liveItems(ctx, s.db, v, s.now(), true, limit, 0)
}

// Managed lists the notices the viewer manages, drafts and withdrawn too.
func (s *Service) Managed(ctx context.Context, v Viewer, page int) ([]Item, bool, error) {
	if !v.Publishes() {
		return nil, false, apperr.Forbiddenf("只有党委和管理员可以管理通知")
	}
	list, err := managedItems(ctx, s.db, v.Scopes, v.System, PerPage+1, (max(page, 1)-1)*PerPage)
	return trim(list, err)
}

func trim(list []Item, err error) ([]Item, bool, error) {
	if len(list) > PerPage {
		return list[:PerPage], true, err
	}
	return list, false, err
}

func ignoreNotFound(err error) error {
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	return err
}
