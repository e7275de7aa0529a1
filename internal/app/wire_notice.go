package app

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"lms/notice"
	"lms/search"
)

// wireNotice joins 通知公告: its files go to the shared bucket, its
// reminders under the courses feature's bell (and so into its email), each
// publication or withdrawal reindexes the notice in its transaction, and
// search learns each viewer's audience.
func (a *App) wireNotice() error {
	a.Notice.Store = a.Store
	a.Notice.Notifier = a.Course
	a.Notice.Jobs = a.Jobs
	a.Notice.OnChange = func(ctx context.Context, tx pgx.Tx, id int64) error {
		return a.indexLater(ctx, tx, id, notice.Source{}.Kind())
	}
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

func (a *App) noticeReady() error {
	if a.Notice.Notifier == nil || a.Notice.OnChange == nil || a.Notice.Jobs == nil {
		return errors.New("notice: Notifier, OnChange or Jobs is not wired")
	}
	return nil
}

// seedNoticeDemo publishes the demo notices as 王组织 (demo_committee).
func (a *App) seedNoticeDemo(ctx context.Context) ([]string, error) {
	u, err := a.Org.UserByUsername(ctx, "demo_committee")
	if err != nil {
		return nil, err
	}
	actor, err := a.Org.Actor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	units := map[string]int64{}
	for key, path := range map[string]string{"north": "示范能源集团/华北分公司党委",
		"first": "示范能源集团/华北分公司党委/生产党总支/第一党支部"} {
		if units[key], err = a.Org.UnitIDByPath(ctx, path); err != nil {
			return nil, err
		}
	}
	return a.Notice.SeedDemo(ctx, notice.ViewerOf(actor), units)
}
