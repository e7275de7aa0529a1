package main

import (
	"context"
	"fmt"
	"strings"

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

// seedNoticeDemo publishes the demo notices as 王组织 (demo_committee).
func (a *App) seedNoticeDemo(ctx context.Context, env *Env) error {
	u, err := a.Org.UserByUsername(ctx, "demo_committee")
	if err != nil {
		return err
	}
	actor, err := a.Org.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	units := map[string]int64{}
	for key, path := range map[string]string{"north": "示范能源集团/华北分公司党委",
		"first": "示范能源集团/华北分公司党委/生产党总支/第一党支部"} {
		if units[key], err = a.Org.UnitIDByPath(ctx, path); err != nil {
			return err
		}
	}
	added, err := a.Notice.SeedDemo(ctx, notice.ViewerOf(actor), units)
	if len(added) > 0 {
		fmt.Fprintf(env.Out, "Demo notices added: %s\n", strings.Join(added, "、"))
	}
	return err
}
