package training

import (
	"context"

	"lms/org"
)

// Stats are a class's figures for its managers and reports.
type Stats struct {
	Enrolled   int        `json:"enrolled"`
	Applied    int        `json:"applied"`
	Waiting    int        `json:"waiting"`
	Completed  int        `json:"completed"`
	Failed     int        `json:"failed"`
	Sessions   int        `json:"sessions"`
	Attendance float64    `json:"attendance"` // mean percent over members
	Score      *float64   `json:"score"`      // mean best exam score
	ByUnit     []UnitStat `json:"by_unit"`
}

// UnitStat is one unit's part of a class.
type UnitStat struct {
	UnitID    int64  `json:"unit_id"`
	Name      string `json:"name"`
	Enrolled  int    `json:"enrolled"`
	Completed int    `json:"completed"`
}

// Stats returns the figures of a class to its managers.
func (s *Service) Stats(ctx context.Context, a *org.Actor, classID int64) (*Stats, error) {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return nil, err
	}
	st := &Stats{}
	if err := classCounts(ctx, s.db, c.ID, st); err != nil {
		return nil, err
	}
	list, err := standings(ctx, s.db, c, 0)
	if err != nil {
		return nil, err
	}
	var att, score float64
	scored := 0
	for _, x := range list {
		att += float64(x.Attendance)
		if x.Score != nil {
			score += *x.Score
			scored++
		}
		st.Sessions = x.Sessions
	}
	if len(list) > 0 {
		st.Attendance = att / float64(len(list))
	}
	if scored > 0 {
		mean := score / float64(scored)
		st.Score = &mean
	}
	st.ByUnit, err = unitStats(ctx, s.db, c.ID)
	return st, err
}
