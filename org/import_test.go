package org

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"lms/internal/apperr"
)

const hbPath = "示范能源集团/华北分公司党委/生产党总支/第一党支部"

func roster(lines ...string) []byte {
	return []byte("账号,姓名,组织,职级,角色,手机\n" + strings.Join(lines, "\n") + "\n")
}

func (f *fixture) importCSV(a *Actor, data []byte, dry bool) (*ImportReport, error) {
	f.t.Helper()
	rows, err := ReadRoster(data)
	if err != nil {
		return nil, err
	}
	return f.svc.ImportUsers(f.ctx, a, rows, ImportOptions{DryRun: dry, InitialPassword: "Start2026a"})
}

func (f *fixture) userCount() int {
	var n int
	if err := f.svc.db.QueryRow(f.ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func TestImportCreatesAndUpdates(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	data := roster(
		"new_01,新学员一,"+hbPath+",科员,,13800000001",
		"new_02,新书记,"+hbPath+",副处级,学员、党委,",
		"hb1_01,改名学员,示范能源集团/华南分公司党委/营销党支部,正科级,,",
	)
	before := f.userCount()
	rep, err := f.importCSV(admin, data, true)
	if err != nil || len(rep.Errors) > 0 || rep.Created != 2 || rep.Updated != 1 || rep.Applied {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	if f.userCount() != before {
		t.Fatal("dry run wrote")
	}
	if rep, err = f.importCSV(admin, data, false); err != nil || !rep.Applied {
		t.Fatalf("import: %+v %v", rep, err)
	}
	if f.userCount() != before+2 {
		t.Errorf("users %d, want %d", f.userCount(), before+2)
	}
	sec := f.user("new_02")
	if !sec.Has(RoleCommittee) || !sec.MustChangePassword || sec.Rank != "副处级" {
		t.Errorf("new_02: %+v", sec)
	}
	if moved := f.user("hb1_01"); moved.DisplayName != "改名学员" || moved.UnitName != "营销党支部" || !moved.Has(RoleLearner) {
		t.Errorf("hb1_01 not updated: %+v", moved)
	}
	if _, a, err := f.svc.Login(f.ctx, "new_01", "Start2026a", "10.0.0.1", ""); err != nil || !a.MustChangePassword {
		t.Errorf("initial password login: %v", err)
	}
	page, _ := f.svc.Audit(f.ctx, admin, "import.users", 1)
	if len(page.Events) != 1 {
		t.Error("import not audited")
	}
}

// Every bad row is reported with its line, and nothing at all is written.
func TestImportRejectsBadRows(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	data := roster(
		"ok_01,好人,"+hbPath+",,,",
		"bad name,姓名,"+hbPath+",,,",
		"ok_02,,"+hbPath+",,,",
		"ok_03,某人,示范能源集团/不存在的党委,,,",
		"ok_04,某人,示范能源集团/华北分公司党委/示范能源集团,,,",
		"OK_01,重复,"+hbPath+",,,",
		"ok_05,某人,"+hbPath+",,校长,",
		"ok_06,某人,"+hbPath+",,,12ab",
		"ok_07,"+strings.Repeat("长", 51)+","+hbPath+",,,",
		"ok_08,某\x07人,"+hbPath+",,,",
		strings.Repeat("x", 65)+",某人,"+hbPath+",,,",
	)
	before := f.userCount()
	rep, err := f.importCSV(admin, data, false)
	if err != nil {
		t.Fatal(err)
	}
	wantLines := []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	if len(rep.Errors) != len(wantLines) {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	for i, e := range rep.Errors {
		if e.Line != wantLines[i] || e.Message == "" {
			t.Errorf("error %d: %+v, want line %d", i, e, wantLines[i])
		}
	}
	for _, want := range []string{"不存在", "循环", "重复", "未知角色", "手机号"} {
		if !strings.Contains(fmt.Sprint(rep.Errors), want) {
			t.Errorf("no error mentions %s: %v", want, rep.Errors)
		}
	}
	if rep.Applied || f.userCount() != before {
		t.Error("a file with errors wrote accounts")
	}
}

func TestImportScope(t *testing.T) {
	f := newFixture(t)
	hbAdmin := f.branchAdmin()
	rep, err := f.importCSV(hbAdmin, roster(
		"x_01,某人,示范能源集团/集团机关党委/办公室党支部,,,",
		"bgs_01,抢人,"+hbPath+",,,",
	), false)
	if err != nil || len(rep.Errors) != 2 || rep.Applied {
		t.Fatalf("outside scope: %+v %v", rep, err)
	}
	if _, err := f.importCSV(f.actor("demo_committee"), roster("y_01,某人,"+hbPath+",,,"), false); err != nil {
		t.Fatal(err)
	}
}

func TestReadRosterFormats(t *testing.T) {
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes(roster("g_01,国标," + hbPath + ",,,"))
	rows, err := ReadRoster(gbk)
	if err != nil || len(rows) != 1 || rows[0].Name != "国标" || rows[0].Line != 2 {
		t.Errorf("GB18030 CSV: %+v %v", rows, err)
	}
	bom := append([]byte("\xEF\xBB\xBF"), roster("b_01,带BOM,"+hbPath+",,,")...)
	if rows, err := ReadRoster(bom); err != nil || rows[0].Username != "b_01" {
		t.Errorf("BOM CSV: %+v %v", rows, err)
	}
	x := excelize.NewFile()
	for i, row := range [][]any{{"账号", "姓名", "组织", "角色"}, {"x_01", "表格", hbPath, "讲师"}, {}, {"x_02", "第二", hbPath, ""}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &row)
	}
	var buf bytes.Buffer
	x.Write(&buf)
	rows, err = ReadRoster(buf.Bytes())
	if err != nil || len(rows) != 2 || rows[0].Roles != "讲师" || rows[1].Line != 4 {
		t.Errorf("xlsx: %+v %v", rows, err)
	}
	bad := map[string][]byte{
		"png":        {0x89, 'P', 'N', 'G', 0, 0, 0, 0},
		"old xls":    {0xD0, 0xCF, 0x11, 0xE0, 0xA1},
		"broken zip": []byte("PK\x03\x04garbage"),
		"no header":  []byte("a,b,c\n1,2,3\n"),
		"empty":      {},
		"only head":  []byte("账号,姓名,组织\n"),
		"bad quote":  []byte("账号,姓名,组织\n\"x,y,z\n"),
	}
	for name, data := range bad {
		if _, err := ReadRoster(data); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestImport10000 checks the whole path at roster scale and logs the time.
func TestImport10000(t *testing.T) {
	f := newFixture(t)
	rep, took := f.importN(10000)
	if len(rep.Errors) > 0 || rep.Created != 10000 {
		t.Fatalf("%+v", rep.Errors[:min(3, len(rep.Errors))])
	}
	t.Logf("imported 10,000 rows in %s", took)
	if took > 10*time.Second {
		t.Errorf("10,000 rows took %s", took)
	}
}

func (f *fixture) importN(n int) (*ImportReport, time.Duration) {
	var b strings.Builder
	b.WriteString("账号,姓名,组织,职级,角色,手机\n")
	for i := range n {
		fmt.Fprintf(&b, "p%05d,学员%d,%s,科员,学员,1390000%04d\n", i, i, hbPath, i%10000)
	}
	start := time.Now()
	rep, err := f.importCSV(f.actor("demo_admin"), []byte(b.String()), false)
	if err != nil {
		f.t.Fatal(err)
	}
	return rep, time.Since(start)
}

// A row with several mistakes names every one of them, not only the first.
func TestImportReportsEveryMistakeOfARow(t *testing.T) {
	f := newFixture(t)
	rep, err := f.importCSV(f.actor("demo_admin"), roster("bad name,,示范能源集团/不存在的党委,,校长,12ab"), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 1 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	for _, want := range []string{"账号", "姓名", "不存在", "未知角色", "手机号"} {
		if !strings.Contains(rep.Errors[0].Message, want) {
			t.Errorf("the row's report lacks %s: %s", want, rep.Errors[0].Message)
		}
	}
}
