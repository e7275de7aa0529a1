package app

import (
	"context"
	"errors"

	"lms/course"
	"lms/org"
)

// appraisalNotices sends appraisal's reminders through course's bell and
// email.
type appraisalNotices struct{ c *course.Service }

func (n appraisalNotices) Notify(ctx context.Context, userIDs []int64, refID int64, title, link string) (int, error) {
	n2, err := n.c.Notify(ctx, userIDs, "appraisal", refID, title, link)
	return int(n2), err
}

// wireAppraisal builds 群众评议 over the organisation and the bell.
func (a *App) wireAppraisal() error {
	a.Appraisal.Notify = appraisalNotices{a.Course}
	return nil
}

func (a *App) appraisalReady() error {
	if a.Appraisal.Notify == nil {
		return errors.New("appraisal: Notify is not wired")
	}
	return nil
}

// seedAppraisal adds the demo campaigns (`lms seed demo`).
func (a *App) seedAppraisal(ctx context.Context) error {
	return a.Appraisal.SeedDemo(ctx, func(username string) (*org.Actor, error) {
		u, err := a.Org.UserByUsername(ctx, username)
		if err != nil {
			return nil, err
		}
		return a.Org.Actor(ctx, u.ID)
	}, func(path string) (int64, error) { return a.Org.UnitIDByPath(ctx, path) })
}
