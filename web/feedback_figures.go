package web

import (
	"context"

	"github.com/labstack/echo/v4"

	"lms/feedback"
	"lms/report"
)

// feedbackFiguresXLSX writes the committee's figures, unit by unit, with
// report's xlsx writer. No column can name an author.
func (s *Server) feedbackFiguresXLSX(c echo.Context) error {
	figs, err := s.Feedback.Figures(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return s.sendExport(c, feedbackExport(figs), "xlsx", "feedback-figures", report.SheetRows)
}

func feedbackExport(figs []feedback.UnitFigures) *report.Export {
	cols := []report.Column{{Header: "党组织", Kind: report.Text, Width: 28}, {Header: "收到", Kind: report.Int},
		{Header: "已答复", Kind: report.Int}, {Header: "按期答复", Kind: report.Int}, {Header: "按期答复率", Kind: report.Pct},
		{Header: "平均答复用时（天）", Kind: report.Num, Width: 18}, {Header: "提级督办", Kind: report.Int},
		{Header: "满意", Kind: report.Int}, {Header: "基本满意", Kind: report.Int}, {Header: "不满意", Kind: report.Int},
		{Header: "满意率", Kind: report.Pct}}
	each := func(_ context.Context, emit func([]any) error) error {
		for _, f := range figs {
			if err := emit([]any{f.UnitName, f.Received, f.Answered, f.OnTime, f.OnTimeRate(), f.AvgDays,
				f.Escalated, f.Satisfied, f.Basic, f.Unsatisfied, f.Satisfaction()}); err != nil {
				return err
			}
		}
		return nil
	}
	return &report.Export{Name: "意见建议统计", Sheets: []report.Sheet{{Name: "按党组织", Columns: cols, Each: each}}}
}
