package quiz

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

const excelSheet = "题库"

// WriteExcel writes questions in the template's layout; ParseExcel reads
// them back. Weights other than all-or-equal shares and per-option feedback
// have no column and are not kept (GIFT keeps them).
func WriteExcel(qs []Question) ([]byte, error) {
	f, err := newQuestionSheet()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for i, q := range qs {
		row := excelRowOf(&q)
		if err := f.SetSheetRow(excelSheet, cellName(1, i+2), &row); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExcelTemplate is the blank template with one example of each type and a
// sheet that explains the columns.
func ExcelTemplate() ([]byte, error) {
	f, err := newQuestionSheet()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for i, row := range templateExamples {
		r := row
		if err := f.SetSheetRow(excelSheet, cellName(1, i+2), &r); err != nil {
			return nil, err
		}
	}
	if err := excelHelp(f); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func newQuestionSheet() (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", excelSheet); err != nil {
		return nil, err
	}
	// Text cells, so that Excel keeps answers such as 1/2 or 001 as typed.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return nil, err
	}
	head := make([]any, len(ExcelHeaders))
	for i, h := range ExcelHeaders {
		head[i] = h
	}
	last := cellName(len(ExcelHeaders), 1)
	for _, err := range []error{
		f.SetColStyle(excelSheet, "A:O", text), f.SetColWidth(excelSheet, "B", "B", 48),
		f.SetColWidth(excelSheet, "C", "J", 16), f.SetColWidth(excelSheet, "L", "L", 30),
		f.SetSheetRow(excelSheet, "A1", &head), f.SetCellStyle(excelSheet, "A1", last, bold),
		f.SetPanes(excelSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}),
	} {
		if err != nil {
			return nil, err
		}
	}
	return f, nil
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func excelRowOf(q *Question) []any {
	row := make([]any, len(ExcelHeaders))
	row[0], row[1] = q.Type.Name(), htmlToText(q.Stem)
	if q.Type == Single || q.Type == Multiple {
		for i, o := range q.Body.Options {
			row[2+i] = htmlToText(o.Text)
		}
	}
	if q.Type == Match {
		for i, p := range q.Body.Pairs[:min(len(q.Body.Pairs), 8)] {
			row[2+i] = strings.TrimSpace(htmlToText(p.Prompt) + " -> " + p.Answer)
		}
	}
	row[10] = excelAnswer(q)
	row[11], row[12] = htmlToText(q.Explanation), strconv.Itoa(q.Difficulty)
	row[13], row[14] = q.KnowledgePoint, strings.Join(q.Tags, "、")
	return row
}

func excelAnswer(q *Question) string {
	switch q.Type {
	case Single, Multiple:
		return q.Correct()
	case TrueFalse:
		if q.Body.Options[0].Weight == 1 {
			return "正确"
		}
		return "错误"
	case Fill:
		var blanks []string
		for _, b := range q.Body.Blanks {
			var as []string
			for _, a := range b.Answers {
				as = append(as, a.Text)
			}
			blanks = append(blanks, strings.Join(as, "/"))
		}
		return strings.Join(blanks, "|")
	case Numeric:
		r := q.Body.Ranges[0]
		return num(r.Value) + ":" + num(r.Tolerance)
	}
	return ""
}

var templateExamples = [][]any{
	{"单选题", "中国共产党的根本宗旨是什么？", "全心全意为人民服务", "实现共产主义", "发展生产力", "依法治国", "", "", "", "", "A", "党章总纲明确规定。", "1", "党章", "党章、基础"},
	{"多选题", "“四个意识”包括哪些？", "政治意识", "大局意识", "核心意识", "看齐意识", "创新意识", "", "", "", "ABCD", "", "2", "党的理论", ""},
	{"判断题", "党员应当按期交纳党费。", "", "", "", "", "", "", "", "", "正确", "", "1", "党章", ""},
	{"填空题", "党的最高领导机关是党的____和它所产生的____。", "", "", "", "", "", "", "", "", "全国代表大会|中央委员会", "", "3", "党章", ""},
	{"简答题", "请简述新时代党的建设总要求。", "", "", "", "", "", "", "", "", "", "要点：坚持和加强党的全面领导……", "4", "党的建设", ""},
	{"配对题", "请将会议与召开的年份配对（“-> 1927”是多余的答案）。", "中共一大 -> 1921", "遵义会议 -> 1935", "七届二中全会 -> 1949", "-> 1927", "", "", "", "", "", "", "2", "党史", ""},
}

func excelHelp(f *excelize.File) error {
	const sheet = "填写说明"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	lines := []string{
		"第一个工作表“题库”的第 1 行是表头，不要修改；示例行请替换为您的题目，一题一行。",
		"题型：单选题、多选题、判断题、填空题、数值题、简答题（简答题由讲师人工评分）、配对题。",
		"题干：必填。选项A 到 选项H：选择题的选项，从 A 开始连续填写，至少两个。",
		"配对题：每个选项写一组“左项 -> 右项”，至少两组；只写“-> 右项”是多余的干扰答案；答案列不填。",
		"答案：单选题填一个字母，如 B；多选题填多个字母，如 ACD；判断题填“正确”或“错误”；",
		"　　填空题多个空用 | 分隔，一个空有多个可接受答案时用 / 分隔，如 全国代表大会|中央委员会/中央委；",
		"　　数值题填数字，可带误差，如 3.14:0.01；简答题可不填。",
		"解析：可选，交卷后按测验设置显示。难度：1 到 5，或 易、较易、中、较难、难，不填为 3。",
		"知识点：可选。标签：可选，多个用 、 分隔，组卷时可按标签抽题。",
		"填空题评分时忽略空格、全角半角和英文大小写的差别。",
		"任何一行有错误时，整个文件都不会导入；请按报告中的行号修改后重新上传，或在报告下方选择“导入其余题目”，跳过有错的行。",
	}
	if err := f.SetColWidth(sheet, "A", "A", 110); err != nil {
		return err
	}
	for i, l := range lines {
		if err := f.SetCellStr(sheet, cellName(1, i+1), l); err != nil {
			return err
		}
	}
	return nil
}
