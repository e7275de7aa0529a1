package report

import (
	"lms/internal/calendar"

	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Kind is how a column's values are written.
type Kind int

// Column kinds: Text (string), Int (int64), Num (float64 or *float64),
// Pct (a fraction, float64 or *float64, shown as a percentage), Date
// (time.Time or *time.Time, shown in China time).
const (
	Text Kind = iota
	Int
	Num
	Pct
	Date
)

// Column is one column of an exported sheet.
type Column struct {
	Header string
	Kind   Kind
	Width  float64
}

// Sheet is one view as a table. Each runs the view's query and hands every
// row to emit as it arrives, so a sheet of 200,000 people is never held in
// memory.
type Sheet struct {
	Name    string
	Columns []Column
	Each    func(ctx context.Context, emit func(row []any) error) error
}

// Export is a file of one sheet per view.
type Export struct {
	Name   string // file name without extension
	Sheets []Sheet
}

// chinaTime: China keeps one offset all year.
var chinaTime = calendar.Zone

// SafeText keeps text that a spreadsheet would take for a formula as text:
// a leading = + - @ (or tab, carriage return) gets an apostrophe, as OWASP
// advises for CSV. The xlsx writer needs no such change: it writes text
// cells as strings, which are never evaluated.
func SafeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes the export's first sheet as CSV, UTF-8 with a byte-order
// mark so that Excel opens Chinese text correctly. flush, when set, is
// called every few hundred rows to push what is written to the client.
func WriteCSV(ctx context.Context, w io.Writer, e *Export, flush func()) error {
	sh := e.Sheets[0]
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(sh.Columns))
	for i, c := range sh.Columns {
		header[i] = SafeText(c.Header)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec, n := make([]string, len(sh.Columns)), 0
	err := sh.Each(ctx, func(row []any) error {
		for i, c := range sh.Columns {
			rec[i] = csvCell(c.Kind, row[i])
		}
		if n++; n%500 == 0 {
			cw.Flush()
			if flush != nil {
				flush()
			}
		}
		return cw.Write(rec)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return err
}

func csvCell(k Kind, v any) string {
	f, ok := number(v)
	switch {
	case k == Text:
		s, _ := v.(string)
		return SafeText(s)
	case k == Date:
		return dateText(v)
	case !ok:
		return ""
	case k == Pct:
		return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
	default:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
}

// number reads a numeric cell; nil (no value) reports false.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case *float64:
		if x != nil {
			return *x, true
		}
	}
	return 0, false
}

func dateText(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.In(chinaTime).Format("2006-01-02")
	case *time.Time:
		if t != nil {
			return t.In(chinaTime).Format("2006-01-02")
		}
	}
	return ""
}

// xlsxStyles are the cell styles of the workbook.
type xlsxStyles struct{ header, text, pct int }

// SheetRows is how many rows an xlsx sheet holds, its header included.
const SheetRows = excelize.TotalRows

// WriteXLSX writes the export as a workbook of one sheet per view, each
// with a frozen header row. A view longer than sheetRows (header included;
// SheetRows in production, a small number in tests) continues on further
// sheets, "人员明细 (2)", …, each with the header again. Rows go through
// excelize's StreamWriter, which keeps at most a small buffer in memory and
// spills the rest to a temporary file until the workbook is zipped into w.
func WriteXLSX(ctx context.Context, w io.Writer, e *Export, sheetRows int) error {
	if sheetRows < 2 || sheetRows > SheetRows {
		return fmt.Errorf("report: %d rows per sheet", sheetRows)
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", e.Sheets[0].Name); err != nil {
		return err
	}
	for _, sh := range e.Sheets {
		x := &sheetWriter{f: f, st: st, sh: sh, limit: sheetRows}
		if err := x.write(ctx); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	pct := "0.0%"
	st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F3E5E5"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err == nil {
		st.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text, even when edited
	}
	if err == nil {
		st.pct, err = f.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	}
	return st, err
}

// sheetWriter writes one view, opening a further sheet each time one is
// full.
type sheetWriter struct {
	f     *excelize.File
	st    xlsxStyles
	sh    Sheet
	limit int
	sw    *excelize.StreamWriter
	part  int // sheets of the view so far
	row   int // rows of the current sheet, its header included
}

func (x *sheetWriter) write(ctx context.Context) error {
	if err := x.open(); err != nil {
		return err
	}
	cells := make([]any, len(x.sh.Columns))
	err := x.sh.Each(ctx, func(row []any) error {
		if x.row == x.limit {
			if err := x.sw.Flush(); err != nil {
				return err
			}
			if err := x.open(); err != nil {
				return err
			}
		}
		x.row++
		for i, c := range x.sh.Columns {
			cells[i] = xlsxCell(c.Kind, row[i], x.st)
		}
		cell, err := excelize.CoordinatesToCellName(1, x.row)
		if err != nil {
			return err
		}
		return x.sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	return x.sw.Flush()
}

// open starts the view's next sheet with its widths, frozen pane and header.
func (x *sheetWriter) open() error {
	x.part++
	name := x.sh.Name
	if x.part > 1 {
		name = fmt.Sprintf("%s (%d)", name, x.part)
	}
	if _, err := x.f.NewSheet(name); err != nil { // the first view's sheet exists: NewSheet keeps it
		return err
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	x.sw, x.row = sw, 1
	for i, c := range x.sh.Columns {
		if err := sw.SetColWidth(i+1, i+1, max(c.Width, 8)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(x.sh.Columns))
	for i, c := range x.sh.Columns {
		header[i] = excelize.Cell{StyleID: x.st.header, Value: c.Header}
	}
	return sw.SetRow("A1", header, excelize.RowOpts{Height: 30})
}

func xlsxCell(k Kind, v any, st xlsxStyles) any {
	f, ok := number(v)
	switch {
	case k == Text:
		s, _ := v.(string)
		return excelize.Cell{StyleID: st.text, Value: s}
	case k == Date:
		return excelize.Cell{StyleID: st.text, Value: dateText(v)}
	case !ok:
		return nil
	case k == Pct:
		return excelize.Cell{StyleID: st.pct, Value: f}
	case k == Num:
		return f // General: 2.5 shows as 2.5, 3 as 3
	default:
		return int64(f)
	}
}
