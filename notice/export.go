package notice

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"lms/internal/apperr"
)

// exportLimit bounds one export: the largest audience the platform serves.
const exportLimit = 1 << 22

var exportHeader = []string{"单位", "姓名", "账号", "状态", "阅读时间"}

// Export writes the audience under unitID with their read state as
// "xlsx" or "csv" (UTF-8 with a BOM, as Chinese Excel reads it), and
// returns the file's name. Nothing is written when it fails early.
func (s *Service) Export(ctx context.Context, v Viewer, id, unitID int64, format string, w io.Writer) (string, error) {
	n, at, err := s.statusAt(ctx, v, id, unitID)
	if err != nil {
		return "", err
	}
	if format != "xlsx" && format != "csv" {
		return "", apperr.Invalidf("导出格式只能是 xlsx 或 csv")
	}
	list, err := people(ctx, s.db, n, at.Path, "", exportLimit, 0)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("阅读情况-%s-%s.%s", trimName(n.Title), at.Name, format)
	if format == "csv" {
		return name, writeCSV(w, list)
	}
	return name, writeXLSX(w, list)
}

func row(p Person) []string {
	state, at := "未读", ""
	if p.ReadAt != nil {
		state, at = "已读", p.ReadAt.In(China).Format("2006-01-02 15:04")
	}
	return []string{safeCell(p.UnitName), safeCell(p.DisplayName), safeCell(p.Username), state, at}
}

func writeCSV(w io.Writer, list []Person) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(exportHeader)
	for _, p := range list {
		_ = cw.Write(row(p))
	}
	cw.Flush()
	return cw.Error()
}

func writeXLSX(w io.Writer, list []Person) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	cells := func(ss []string) []any {
		out := make([]any, len(ss))
		for i, s := range ss {
			out[i] = s
		}
		return out
	}
	_ = sw.SetRow("A1", cells(exportHeader))
	for i, p := range list {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells(row(p))); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_ = f.SetSheetName("Sheet1", "阅读情况")
	return f.Write(w)
}

// safeCell keeps text a spreadsheet would take for a formula as text.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func trimName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\"<>|:*?`, r) {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 30 {
		return string(r[:30])
	}
	return s
}
