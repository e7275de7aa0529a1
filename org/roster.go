package org

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"lms/internal/apperr"
)

// RosterRow is one data row of a roster file, with its row number as a
// spreadsheet program shows it (the header is row 1).
type RosterRow struct {
	Line     int
	Username string
	Name     string
	Unit     string
	Rank     string
	Roles    string
	Phone    string
	Email    string
}

// MaxRosterRows bounds one import.
const MaxRosterRows = 50000

// rosterColumns maps accepted headers, Chinese first, to fields.
var rosterColumns = map[string]string{
	"账号": "username", "用户名": "username", "username": "username",
	"姓名": "name", "name": "name",
	"组织": "unit", "单位": "unit", "unit": "unit",
	"职级": "rank", "rank": "rank",
	"角色": "roles", "roles": "roles",
	"手机": "phone", "手机号": "phone", "phone": "phone",
	"邮箱": "email", "电子邮箱": "email", "email": "email", "e-mail": "email",
}

var errNotSpreadsheet = apperr.Invalidf("文件不是 Excel（.xlsx）或 CSV 表格")

// ReadRoster reads a roster from .xlsx or .csv content; the format is told
// by the content, not the file name.
func ReadRoster(data []byte) ([]RosterRow, error) {
	records, err := readTable(data)
	if err != nil {
		return nil, err
	}
	return rosterRows(records)
}

func readTable(data []byte) ([][]string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, apperr.Invalidf("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx")
	case looksBinary(data):
		return nil, errNotSpreadsheet
	}
	return readCSV(data)
}

func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	return bytes.IndexByte(head, 0) >= 0
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, errNotSpreadsheet
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, apperr.Invalidf("表格中没有工作表")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, errNotSpreadsheet
	}
	var out [][]string
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return nil, errNotSpreadsheet
		}
		out = append(out, cols)
		if len(out) > MaxRosterRows+1 {
			return nil, apperr.Invalidf("一次最多导入 %d 行", MaxRosterRows)
		}
	}
	return out, rows.Close()
}

// readCSV accepts UTF-8 (with or without BOM) and GB18030, which Excel in
// Chinese uses when it saves CSV.
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, errNotSpreadsheet
		}
		data = decoded
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return nil, apperr.Invalidf("第 %d 行：CSV 格式错误（%v）", perr.Line, perr.Err)
		}
		if err != nil {
			return nil, errNotSpreadsheet
		}
		out = append(out, rec)
		if len(out) > MaxRosterRows+1 {
			return nil, apperr.Invalidf("一次最多导入 %d 行", MaxRosterRows)
		}
	}
}

func rosterRows(records [][]string) ([]RosterRow, error) {
	if len(records) == 0 {
		return nil, apperr.Invalidf("文件是空的")
	}
	index := map[string]int{}
	for i, h := range records[0] {
		if field, ok := rosterColumns[strings.ToLower(strings.TrimSpace(h))]; ok {
			index[field] = i
		}
	}
	for _, need := range []struct{ field, header string }{{"username", "账号"}, {"name", "姓名"}, {"unit", "组织"}} {
		if _, ok := index[need.field]; !ok {
			return nil, apperr.Invalidf("第 1 行缺少表头“%s”（需要：账号, 姓名, 组织, 职级, 角色, 手机, 邮箱）", need.header)
		}
	}
	var rows []RosterRow
	for i, rec := range records[1:] {
		cell := func(field string) string {
			if j, ok := index[field]; ok && j < len(rec) {
				return strings.TrimSpace(rec[j])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		rows = append(rows, RosterRow{Line: i + 2, Username: cell("username"), Name: cell("name"),
			Unit: cell("unit"), Rank: cell("rank"), Roles: cell("roles"), Phone: cell("phone"),
			Email: cell("email")})
	}
	if len(rows) == 0 {
		return nil, apperr.Invalidf("文件中没有数据行")
	}
	return rows, nil
}
