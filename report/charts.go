package report

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Charts are the dashboard's figures beyond the units table.
type Charts struct {
	Trend   []MonthCount  `json:"trend"`   // completions per month
	Buckets []BucketCount `json:"buckets"` // people by hours against their requirement
	Behind  []BehindUnit  `json:"behind"`  // the units furthest behind
}

// MonthCount is the completions of one month (China time).
type MonthCount struct {
	Month     time.Time `json:"month"`
	Completed int64     `json:"completed"`
}

// BucketCount is how many people are in one bucket (Bucket* constants).
type BucketCount struct {
	Bucket int   `json:"bucket"`
	People int64 `json:"people"`
}

// BehindUnit is a unit with its own people's completion figures.
type BehindUnit struct {
	Unit
	ParentName     string   `json:"parent_name"`
	Enrolled       int64    `json:"enrolled"`
	Completed      int64    `json:"completed"`
	Overdue        int64    `json:"overdue"`
	CompletionRate *float64 `json:"completion_rate"`
}

// BehindCount is how many units the dashboard names as furthest behind.
const BehindCount = 10

// Buckets of the hours distribution: the hours credited in the
// requirement's cycle against the requirement.
const (
	BucketNoRequirement = iota
	BucketNone          // no hours yet
	BucketUnderHalf     // below half the requirement
	BucketOverHalf      // half or more, not yet all
	BucketMet           // requirement met
)

func (s *Service) charts(ctx context.Context, sums unitSums, buckets []int64) (*Charts, error) {
	c := &Charts{Trend: sums.trend, Buckets: make([]BucketCount, len(buckets))}
	if c.Trend == nil {
		c.Trend = []MonthCount{}
	}
	for i, n := range buckets {
		c.Buckets[i] = BucketCount{Bucket: i, People: n}
	}
	behind := furthestBehind(sums.enroll, BehindCount)
	var err error
	c.Behind, err = s.nameBehind(ctx, behind)
	return c, err
}

// furthestBehind picks the units with the lowest completion rate of their
// own people's enrollments; among equal rates, the one with more left to
// do comes first.
func furthestBehind(groups []group, n int) []BehindUnit {
	var units []BehindUnit
	for _, g := range groups {
		if g.ByUnit && g.Enrolled > 0 {
			units = append(units, BehindUnit{Unit: Unit{ID: g.Key}, Enrolled: g.Enrolled, Completed: g.Completed,
				Overdue: g.Overdue, CompletionRate: ratio(float64(g.Completed), g.Enrolled, 4)})
		}
	}
	slices.SortFunc(units, func(a, b BehindUnit) int {
		return cmp.Or(cmp.Compare(*a.CompletionRate, *b.CompletionRate),
			cmp.Compare(b.Enrolled-b.Completed, a.Enrolled-a.Completed), cmp.Compare(a.ID, b.ID))
	})
	return units[:min(n, len(units))]
}

func (s *Service) nameBehind(ctx context.Context, units []BehindUnit) ([]BehindUnit, error) {
	ids := make([]int64, 0, 2*len(units))
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	names, err := unitsByID(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for _, u := range names {
		if u.ParentID != nil {
			ids = append(ids, *u.ParentID)
		}
	}
	if names, err = unitsByID(ctx, s.db, ids); err != nil {
		return nil, err
	}
	out := make([]BehindUnit, 0, len(units))
	for _, u := range units {
		u.Unit = names[u.ID]
		if u.ParentID != nil {
			u.ParentName = names[*u.ParentID].Name
		}
		out = append(out, u)
	}
	return out, nil
}
