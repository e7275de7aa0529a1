package course

import (
	"context"
	"slices"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// TranscriptEntry is one completed course of a learner's 学习档案.
type TranscriptEntry struct {
	CourseID    int64     `json:"course_id"`
	Title       string    `json:"title"`
	Category    string    `json:"category"`
	CompletedAt time.Time `json:"completed_at"`
	Year        int       `json:"year"`
	Hours       float64   `json:"hours"`
}

// Transcript is a learner's record for a year against their requirement.
type Transcript struct {
	UserID      int64             `json:"user_id"`
	Year        int               `json:"year"`
	Entries     []TranscriptEntry `json:"entries"`
	YearHours   float64           `json:"year_hours"`
	Requirement *Requirement      `json:"requirement"`
	CycleFrom   int               `json:"cycle_from,omitempty"`
	CycleTo     int               `json:"cycle_to,omitempty"`
	// CycleHours is what the requirement counts: the online and offline
	// hours of the cycle (of the year without a requirement), split below.
	CycleHours   float64    `json:"cycle_hours"`
	CycleOnline  float64    `json:"cycle_online_hours"`
	CycleOffline float64    `json:"cycle_offline_hours"`
	Required     float64    `json:"required_hours"`
	Overdue      []MyCourse `json:"overdue"`
	// Other is what offline study and training classes earned, apart
	// from the online courses; OtherHours is its sum for the year.
	Other      []OtherEntry `json:"other"`
	OtherHours float64      `json:"other_hours"`
	TotalHours float64      `json:"total_hours"` // the year's online and offline
}

// Transcript returns the record of userID for year; the learner sees their
// own, committees and admins those of their subtree.
func (s *Service) Transcript(ctx context.Context, a *org.Actor, userID int64, year int) (*Transcript, error) {
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalidf("年度无效：%d", year)
	}
	if userID != a.UserID {
		paths, err := memberPaths(ctx, s.db, []int64{userID})
		if err != nil {
			return nil, err
		}
		if p, ok := paths[userID]; !ok || !s.Policy.CanViewUnit(a, p) {
			return nil, apperr.NotFoundf("用户不存在")
		}
	}
	return s.transcript(ctx, userID, year)
}

func (s *Service) transcript(ctx context.Context, userID int64, year int) (*Transcript, error) {
	t := &Transcript{UserID: userID, Year: year}
	var err error
	if t.Entries, err = transcriptEntries(ctx, s.db, userID, year, year); err != nil {
		return nil, err
	}
	for _, e := range t.Entries {
		t.YearHours += e.Hours
	}
	if t.Other, err = otherEntries(ctx, s.db, userID, year, year); err != nil {
		return nil, err
	}
	for _, e := range t.Other {
		t.OtherHours += e.Hours
	}
	t.TotalHours = t.YearHours + t.OtherHours
	if t.Requirement, err = requirementFor(ctx, s.db, userID); err != nil {
		return nil, err
	}
	t.CycleOnline, t.CycleOffline = t.YearHours, t.OtherHours
	if r := t.Requirement; r != nil {
		t.CycleFrom, t.CycleTo = r.Cycle(year)
		t.Required = r.Hours
		if err := s.cycleHours(ctx, t); err != nil {
			return nil, err
		}
	}
	t.CycleHours = t.CycleOnline + t.CycleOffline
	courses, err := myCourses(ctx, s.db, userID, s.now())
	for _, c := range courses {
		if c.Overdue {
			t.Overdue = append(t.Overdue, c)
		}
	}
	return t, err
}

// cycleHours sums the online and the offline hours of the requirement's
// cycle: the 学时 requirement counts both (干部教育培训工作条例).
func (s *Service) cycleHours(ctx context.Context, t *Transcript) error {
	online, err := transcriptEntries(ctx, s.db, t.UserID, t.CycleFrom, t.CycleTo)
	if err != nil {
		return err
	}
	offline, err := otherEntries(ctx, s.db, t.UserID, t.CycleFrom, t.CycleTo)
	if err != nil {
		return err
	}
	t.CycleOnline, t.CycleOffline = 0, 0
	for _, e := range online {
		t.CycleOnline += e.Hours
	}
	for _, e := range offline {
		t.CycleOffline += e.Hours
	}
	return nil
}

// RequirementInput sets the hours a unit's subtree (or one rank in it) owes.
type RequirementInput struct {
	UnitID     int64    `json:"unit_id"`
	Rank       string   `json:"rank"`
	Hours      float64  `json:"hours"`
	CycleYears int      `json:"cycle_years"`
	StartYear  int      `json:"start_year"`
	DailyCap   *float64 `json:"daily_cap"`
}

// SetRequirement records a requirement; admins of the unit set them.
func (s *Service) SetRequirement(ctx context.Context, a *org.Actor, units RankUnits, in RequirementInput) error {
	switch {
	case in.Hours <= 0 || in.Hours > 10000:
		return apperr.Invalidf("学时要求须大于 0")
	case in.CycleYears < 1 || in.CycleYears > 10:
		return apperr.Invalidf("周期须为 1 到 10 年")
	case in.StartYear < 2000 || in.StartYear > 2100:
		return apperr.Invalidf("起始年度无效")
	case in.DailyCap != nil && (*in.DailyCap <= 0 || *in.DailyCap > 24):
		return apperr.Invalidf("每日上限须在 0 到 24 学时之间")
	}
	u, err := units.Unit(ctx, a, in.UnitID)
	if err != nil {
		return err
	}
	if !s.Policy.CanManageUnit(a, u.Path) {
		return apperr.Forbiddenf("只有管理员可以设置学时要求")
	}
	if in.Rank != "" {
		ranks, err := units.RanksIn(ctx, u.Path)
		if err != nil {
			return err
		}
		if !slices.Contains(ranks, in.Rank) {
			return apperr.Invalidf("“%s”及其下级组织中没有职级为“%s”的人员，请从列表中选择职级", u.Name, in.Rank)
		}
	}
	return upsertRequirement(ctx, s.db, u.Path, in)
}
