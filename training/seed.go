package training

import (
	"context"
	"time"

	"lms/org"
)

// SeedDemo adds, once, a class of 华北 that takes applications, with two
// offline sessions next week, so `make run` shows the feature.
func (s *Service) SeedDemo(ctx context.Context, units Units, unitID int64) (bool, error) {
	const name = "2026年党支部书记专题培训班"
	if n, err := classesNamed(ctx, s.db, name); err != nil || n > 0 {
		return false, err
	}
	start := s.now().In(shanghai).AddDate(0, 0, 7)
	sys := org.System()
	c, err := s.CreateClass(ctx, sys, units, ClassInput{UnitID: unitID, Name: name, Kind: "专题培训", Level: "基层",
		Organiser: "华北分公司党委组织部", StartsOn: start.Format(time.DateOnly), EndsOn: start.AddDate(0, 0, 2).Format(time.DateOnly),
		Plan: "学习贯彻党的二十大精神，提升党支部书记履职能力。\n集中学习两天，现场教学一天。", Capacity: 60, Hours: 24,
		OpenApply: true, MinAttendance: 80})
	if err != nil {
		return false, err
	}
	day := time.Date(start.Year(), start.Month(), start.Day(), 9, 0, 0, 0, shanghai)
	for i, in := range []SessionInput{
		{Kind: "lecture", Title: "新时代党支部工作专题辅导", Place: "党校报告厅", Hours: 3},
		{Kind: "visit", Title: "红色教育基地现场教学", Place: "西柏坡纪念馆", Hours: 6},
	} {
		in.StartsAt = day.AddDate(0, 0, i).Format(time.RFC3339)
		in.EndsAt = day.AddDate(0, 0, i).Add(3 * time.Hour).Format(time.RFC3339)
		if _, err := s.AddSession(ctx, sys, c.ID, in); err != nil {
			return false, err
		}
	}
	return true, nil
}
