package main

import (
	"context"

	"lms/appraisal"
	"lms/course"
)

// appraisalNotices sends appraisal's reminders through course's bell and
// email.
type appraisalNotices struct{ c *course.Service }

func (n appraisalNotices) Notify(ctx context.Context, userIDs []int64, refID int64, title, link string) (int, error) {
	return n.c.Notify(ctx, userIDs, "appraisal", refID, title, link)
}

// wireAppraisal builds 群众评议 over the organisation and the bell.
func (a *App) wireAppraisal() {
	a.Appraisal = appraisal.NewService(a.Pool, a.Org)
	a.Appraisal.Notify = appraisalNotices{a.Course}
}
