package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`, "+cmd": "'+cmd", "-1+1": "'-1+1",
		"@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx", "张三": "张三", "": "", "a=b": "a=b",
	} {
		if got := SafeText(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func testExport() *Export {
	rate, none := 0.5, (*float64)(nil)
	rows := [][]any{{"=1+1", int64(3), 2.5, &rate}, {"+cmd", int64(0), 0.0, none}}
	return &Export{Name: "测试", Sheets: []Sheet{{Name: "表一", Columns: []Column{{"名称", Text, 10}, {"人数", Int, 8},
		{"学时", Num, 8}, {"完成率", Pct, 8}}, Each: func(_ context.Context, emit func([]any) error) error {
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}}}}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(context.Background(), &b, testExport(), nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"名称", "人数", "学时", "完成率"}, {"'=1+1", "3", "2.5", "50.0%"}, {"'+cmd", "0", "0", ""}}
	for i := range want {
		for j := range want[i] {
			if recs[i][j] != want[i][j] {
				t.Errorf("row %d col %d: %q, want %q", i, j, recs[i][j], want[i][j])
			}
		}
	}
}

func TestWriteXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(context.Background(), &b, testExport(), SheetRows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("表一")
	if rows[0][0] != "名称" || rows[1][0] != "=1+1" || rows[2][0] != "+cmd" {
		t.Errorf("rows %v", rows)
	}
	if formula, _ := f.GetCellFormula("表一", "A2"); formula != "" {
		t.Errorf("A2 is a formula: %q", formula)
	}
	if v, _ := f.GetCellValue("表一", "D2"); v != "50.0%" {
		t.Errorf("D2 shows %q", v)
	}
	if v, _ := f.GetCellValue("表一", "D2", excelize.Options{RawCellValue: true}); v != "0.5" {
		t.Errorf("D2 holds %q", v)
	}
	if typ, _ := f.GetCellType("表一", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("B2 type %v", typ)
	}
	if p, _ := f.GetPanes("表一"); !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes %+v", p)
	}
}

// countedExport has a view of n numbered rows and a short second view.
func countedExport(n int) *Export {
	people := Sheet{Name: "人员明细", Columns: []Column{{"序号", Int, 8}, {"姓名", Text, 10}},
		Each: func(_ context.Context, emit func([]any) error) error {
			for i := 1; i <= n; i++ {
				if err := emit([]any{int64(i), fmt.Sprintf("人%d", i)}); err != nil {
					return err
				}
			}
			return nil
		}}
	return &Export{Name: "测试", Sheets: []Sheet{people, testExport().Sheets[0]}}
}

// TestWriteXLSXContinuesOnFurtherSheets: a view longer than a sheet holds
// goes on in "人员明细 (2)", … with the frozen header on each, every row
// once and in order; the next view keeps its own sheet.
func TestWriteXLSXContinuesOnFurtherSheets(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(context.Background(), &b, countedExport(10), 4); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"人员明细", "人员明细 (2)", "人员明细 (3)", "人员明细 (4)", "表一"}
	if got := f.GetSheetList(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	next := 1
	for _, name := range want[:4] {
		rows, _ := f.GetRows(name)
		if len(rows) == 0 || len(rows) > 4 || rows[0][0] != "序号" || rows[0][1] != "姓名" {
			t.Fatalf("%s: rows %q", name, rows)
		}
		if p, _ := f.GetPanes(name); !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: panes %+v", name, p)
		}
		for _, r := range rows[1:] {
			if r[0] != fmt.Sprint(next) || r[1] != fmt.Sprintf("人%d", next) {
				t.Fatalf("%s: row %q, want number %d", name, r, next)
			}
			next++
		}
	}
	if next != 11 {
		t.Errorf("%d rows arrived, want 10", next-1)
	}
	if rows, _ := f.GetRows("表一"); len(rows) != 3 {
		t.Errorf("表一: %q", rows)
	}
}

// TestWriteXLSXExactlyFull: a view that fills its sheet opens no empty one.
func TestWriteXLSXExactlyFull(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(context.Background(), &b, countedExport(6), 4); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 3 || got[1] != "人员明细 (2)" {
		t.Errorf("sheets %q", got)
	}
}
