package appraisal

import (
	"context"
	"fmt"
	"strings"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// Progress is a campaign's response rate by target and by the
// respondents' units: counts only, never who answered what.
type Progress struct {
	Campaign *Campaign `json:"campaign"`
	State    string    `json:"state"`
	Targets  []Target  `json:"targets"`
	ByTarget []Rate    `json:"by_target"`
	ByUnit   []Rate    `json:"by_unit"`
	Asked    int       `json:"asked"`
	Answered int       `json:"answered"`
}

// Progress returns the response rate of a managed campaign.
func (s *Service) Progress(ctx context.Context, a *org.Actor, id int64) (*Progress, error) {
	c, err := s.Campaign(ctx, a, id)
	if err != nil {
		return nil, err
	}
	p := &Progress{Campaign: c, State: c.State(s.now())}
	if p.Targets, err = listTargets(ctx, s.db, id); err != nil {
		return nil, err
	}
	if p.ByTarget, err = ratesByTarget(ctx, s.db, id); err != nil {
		return nil, err
	}
	if p.ByUnit, err = ratesByUnit(ctx, s.db, id); err != nil {
		return nil, err
	}
	for _, r := range p.ByTarget {
		p.Asked, p.Answered = p.Asked+r.Asked, p.Answered+r.Answered
	}
	return p, nil
}

// Remind tells everyone with a target still to answer, in the app and by
// email; it returns how many were told.
func (s *Service) Remind(ctx context.Context, a *org.Actor, id int64) (int, error) {
	c, err := s.Campaign(ctx, a, id)
	if err != nil {
		return 0, err
	}
	if c.State(s.now()) != "open" {
		return 0, apperr.Conflictf("只能在评议进行中提醒")
	}
	if s.Notify == nil {
		return 0, apperr.Conflictf("未配置通知，无法提醒")
	}
	ids, err := unanswered(ctx, s.db, id)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	title := fmt.Sprintf("请参加《%s》，%s 截止", c.Title, c.ClosesAt.In(chinaTime).Format("01-02 15:04"))
	return s.Notify.Notify(ctx, ids, remindRef(id, s.now()), title, "/appraisals")
}

// remindRef makes each day's reminder of a campaign its own notification
// (course's notifications are unique per user, kind and ref).
func remindRef(id int64, t time.Time) int64 {
	day, _ := time.Parse("20060102", t.In(chinaTime).Format("20060102"))
	return id*100000 + int64(day.Sub(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)).Hours()/24)
}

// clean trims text fields of a follow-up.
func clean(s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > max {
		return "", apperr.Invalidf("内容不能超过 %d 字", max)
	}
	return s, nil
}
