package report

import (
	"context"
	"fmt"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Views that can be exported; ViewAll is every view, one sheet each.
const (
	ViewUnits   = "units"
	ViewCourses = "courses"
	ViewPeople  = "people"
	ViewAll     = "all"
)

// Export builds the export of a view. Access is checked and the small
// views are computed here, before the caller starts writing a response;
// the people sheet runs its query while it is written.
func (s *Service) Export(ctx context.Context, a *org.Actor, view string, q Query) (*Export, error) {
	sc, err := s.scope(ctx, a, q.UnitID)
	if err != nil {
		return nil, err
	}
	q.UnitID = sc.Unit.ID
	e := &Export{Name: fmt.Sprintf("学习完成情况-%s-%d", sc.Unit.Name, q.Year)}
	if view == ViewUnits || view == ViewAll {
		r, err := s.Units(ctx, a, q)
		if err != nil {
			return nil, err
		}
		e.Sheets = append(e.Sheets, unitsSheet(r))
	}
	if view == ViewCourses || view == ViewAll {
		r, err := s.Courses(ctx, a, q)
		if err != nil {
			return nil, err
		}
		e.Sheets = append(e.Sheets, coursesSheet(r))
	}
	if view == ViewPeople || view == ViewAll {
		sh, err := s.peopleSheet(ctx, sc, q)
		if err != nil {
			return nil, err
		}
		e.Sheets = append(e.Sheets, sh)
	}
	if len(e.Sheets) == 0 {
		return nil, apperr.Invalidf("没有名为“%s”的报表", clip(view))
	}
	if view != ViewAll {
		e.Name += "-" + e.Sheets[0].Name
	}
	return e, nil
}

var figureColumns = []Column{
	{"人数", Int, 8}, {"学习任务（门次）", Int, 10}, {"已完成", Int, 8}, {"学习中", Int, 8}, {"未开始", Int, 8},
	{"逾期未完成", Int, 10}, {"完成率", Pct, 8}, {"线上学时", Num, 10}, {"线下学时", Num, 10}, {"学时合计", Num, 10}, {"人均学时", Num, 10},
	{"有学时要求人数", Int, 10}, {"学时未达标人数", Int, 10}, {"学时达标率", Pct, 10},
	{"测验人次", Int, 8}, {"测验平均分", Num, 10}, {"测验通过率", Pct, 10},
}

func figureCells(f Figures) []any {
	return []any{f.People, f.Enrolled, f.Completed, f.InProgress, f.NotStarted, f.Overdue, f.CompletionRate,
		f.Hours, f.OfflineHours, f.TotalHours, f.HoursPerPerson, f.WithRequirement, f.BelowRequirement, f.MetRate,
		f.QuizTaken, f.QuizAverage, f.QuizPassRate}
}

func unitsSheet(r *UnitsReport) Sheet {
	cols := append([]Column{{"组织", Text, 28}, {"类型", Text, 8}}, figureColumns...)
	return Sheet{Name: "各单位", Columns: cols, Each: func(_ context.Context, emit func([]any) error) error {
		for _, row := range r.Rows {
			name := row.Name
			if row.Own {
				name += "（本级）"
			}
			if err := emit(append([]any{name, row.Kind}, figureCells(row.Figures)...)); err != nil {
				return err
			}
		}
		return emit(append([]any{"合计：" + r.Unit.Name, ""}, figureCells(r.Total)...))
	}}
}

func coursesSheet(r *CoursesReport) Sheet {
	cols := []Column{{"课程", Text, 36}, {"分类", Text, 12}, {"课程学时", Num, 8}, {"学习人数", Int, 8},
		{"已完成", Int, 8}, {"学习中", Int, 8}, {"未开始", Int, 8}, {"逾期未完成", Int, 10}, {"完成率", Pct, 8},
		{"平均完成天数", Num, 10}, {"获得学时合计", Num, 10}, {"测验人数", Int, 8}, {"测验平均分", Num, 10},
		{"测验通过率", Pct, 10}}
	return Sheet{Name: "各课程", Columns: cols, Each: func(_ context.Context, emit func([]any) error) error {
		for _, c := range r.Rows {
			err := emit([]any{c.Title, c.Category, c.CourseHours, c.Enrolled, c.Completed, c.InProgress, c.NotStarted,
				c.Overdue, c.CompletionRate, c.AvgDaysToComplete, c.CreditedHours, c.QuizTaken, c.QuizAverage, c.QuizPassRate})
			if err != nil {
				return err
			}
		}
		return nil
	}}
}

var peopleColumns = []Column{{"账号", Text, 14}, {"姓名", Text, 10}, {"所在组织", Text, 36}, {"职级", Text, 10},
	{"课程数", Int, 8}, {"已完成", Int, 8}, {"学习中", Int, 8}, {"未开始", Int, 8}, {"逾期", Int, 8},
	{"完成率", Pct, 8}, {"本年线上学时", Num, 10}, {"本年线下学时", Num, 10}, {"本年学时合计", Num, 10}, {"考核周期", Text, 11}, {"周期内学时", Num, 10},
	{"要求学时", Num, 8}, {"是否达标", Text, 8}, {"测验数", Int, 8}, {"测验平均分", Num, 10}, {"测验通过率", Pct, 10}}

// peopleSheet streams every active person of the scope; their unit is
// named by its path from the scope down.
func (s *Service) peopleSheet(ctx context.Context, sc *Scope, q Query) (Sheet, error) {
	names, err := unitPathNames(ctx, s.db, sc.Unit.Path)
	if err != nil {
		return Sheet{}, err
	}
	return Sheet{Name: "人员明细", Columns: peopleColumns, Each: func(ctx context.Context, emit func([]any) error) error {
		return s.read(ctx, func(tx db.DBTX) error {
			rs, err := scopeRules(ctx, tx, sc, q.Year)
			if err != nil {
				return err
			}
			return eachPerson(ctx, tx, sc, q, rs, func(p *personScan) error {
				r := p.row()
				return emit([]any{r.Username, r.Name, names[r.UnitID], r.Rank, r.Enrolled, r.Completed, r.InProgress,
					r.NotStarted, r.Overdue, r.CompletionRate, r.Hours, r.OfflineHours, r.TotalHours, cycleText(r), r.CycleHours, r.Required,
					metText(r), r.QuizTaken, r.QuizAverage, r.QuizPassRate})
			})
		})
	}}, nil
}

func cycleText(r PersonRow) string {
	if r.Required == nil {
		return ""
	}
	if r.CycleFrom == r.CycleTo {
		return fmt.Sprintf("%d", r.CycleFrom)
	}
	return fmt.Sprintf("%d–%d", r.CycleFrom, r.CycleTo)
}

func metText(r PersonRow) string {
	switch {
	case r.Required == nil:
		return "无要求"
	case r.Below:
		return "未达标"
	}
	return "已达标"
}
