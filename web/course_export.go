package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"lms/course"
)

func docContentType(typ string) string {
	switch typ {
	case "pdf":
		return "application/pdf"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "pptx":
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	}
	return "application/octet-stream"
}

func urlPathEscape(s string) string { return strings.ReplaceAll(url.PathEscape(s), "+", "%20") }

// safeCell keeps text that a spreadsheet would take for a formula as text.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// transcriptXLSX writes a learner's 学习档案 for a year.
func (s *Server) transcriptXLSX(c echo.Context, t *course.Transcript) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "学习档案"
	_ = f.SetSheetName("Sheet1", sheet)
	rows := [][]any{{"课程", "分类", "完成日期", "年度", "学时"}}
	for _, e := range t.Entries {
		rows = append(rows, []any{safeCell(e.Title), safeCell(e.Category), e.CompletedAt.Format("2006-01-02"), e.Year, e.Hours})
	}
	rows = append(rows, []any{}, []any{"本年度线上学时", "", "", t.Year, t.YearHours},
		[]any{"本年度线下学时（专题班、学时申报）", "", "", t.Year, t.OtherHours},
		[]any{"本年度学时合计", "", "", t.Year, t.TotalHours})
	if t.Requirement != nil {
		rows = append(rows, []any{fmt.Sprintf("周期 %d-%d 已获学时（线上 %g · 线下 %g）", t.CycleFrom, t.CycleTo,
			t.CycleOnline, t.CycleOffline), "", "", "", t.CycleHours},
			[]any{"周期要求学时", "", "", "", t.Required})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	_ = f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	_ = f.SetColWidth(sheet, "A", "A", 40)
	h := c.Response().Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", urlPathEscape(fmt.Sprintf("学习档案-%d.xlsx", t.Year))))
	return f.Write(c.Response())
}
