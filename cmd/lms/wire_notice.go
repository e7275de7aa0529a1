package main

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/notice"
	"lms/search"
)

// wireNotice builds 通知公告: its files go to the shared bucket, its
// reminders under the courses feature's bell (and so into its email), and
// each publication or withdrawal reindexes the notice in its transaction.
func (a *App) wireNotice() {
	a.Notice = notice.NewService(a.Pool)
	a.Notice.Store = a.Store
	a.Notice.Notifier = a.Course
	a.Notice.OnChange = func(ctx context.Context, tx pgx.Tx, id int64) error {
		return a.indexLater(ctx, tx, id, notice.Source{}.Kind())
	}
}

// registerNoticeSearch makes notices searchable by their audience: the
// source of their docs, and each viewer's audience tokens.
func (a *App) registerNoticeSearch() error {
	if err := a.Search.Register(notice.Source{S: a.Notice}); err != nil {
		return err
	}
	a.Search.AddAudience(func(ctx context.Context, v search.Viewer) ([]string, error) {
		actor, err := a.Org.Actor(ctx, v.UserID)
		if err != nil {
			return nil, err
		}
		return notice.AudienceTokens(notice.ViewerOf(actor)), nil
	})
	return nil
}
