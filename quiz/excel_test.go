package quiz

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func xlsx(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	head := make([]any, len(ExcelHeaders))
	for i, h := range ExcelHeaders {
		head[i] = h
	}
	if err := f.SetSheetRow("Sheet1", "A1", &head); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		r := r
		if err := f.SetSheetRow("Sheet1", cellName(1, i+2), &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseExcelTemplate(t *testing.T) {
	t.Parallel()
	data, err := ExcelTemplate()
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseExcel(data)
	if err != nil || len(p.Problems) > 0 || len(p.Items) != len(templateExamples) {
		t.Fatalf("template: %v %v %d", err, p.Problems, len(p.Items))
	}
	want := []Type{Single, Multiple, TrueFalse, Fill, Short, Match}
	for i, it := range p.Items {
		if it.Question.Type != want[i] || it.Line != i+2 {
			t.Errorf("row %d: %s", it.Line, it.Question.Type)
		}
	}
	fill := p.Items[3].Question
	if len(fill.Body.Blanks) != 2 || fill.Body.Blanks[1].Answers[0].Text != "中央委员会" {
		t.Errorf("fill %+v", fill.Body)
	}
	if m := p.Items[5].Question; !reflect.DeepEqual(m.Body.Pairs, []Pair{{"中共一大", "1921"}, {"遵义会议", "1935"},
		{"七届二中全会", "1949"}, {"", "1927"}}) {
		t.Errorf("matching %+v", m.Body)
	}
	if q := p.Items[0].Question; !reflect.DeepEqual(q.Tags, []string{"党章", "基础"}) || q.Difficulty != 1 || q.KnowledgePoint != "党章" {
		t.Errorf("first %+v", q)
	}
}

func TestParseExcelErrors(t *testing.T) {
	t.Parallel()
	data := xlsx(t,
		[]any{"单选题", "ok?", "a", "b", "", "", "", "", "", "", "B"},
		[]any{"单选题", "missing option?", "a", "b", "c", "", "", "", "", "", "D"},
		[]any{"多选题", "", "a", "b", "", "", "", "", "", "", "AB"},
		[]any{"配对题", "match?", "", "", "", "", "", "", "", "", "A"},
		[]any{"判断题", "yes?", "", "", "", "", "", "", "", "", "也许"},
		[]any{"单选题", "two answers?", "a", "b", "", "", "", "", "", "", "AB"},
		[]any{"单选题", "gap?", "a", "", "c", "", "", "", "", "", "A"},
		[]any{"数值题", "number?", "", "", "", "", "", "", "", "", "abc"},
		[]any{"填空题", "blank?", "", "", "", "", "", "", "", "", "a||b"},
		[]any{"单选题", "hard?", "a", "b", "", "", "", "", "", "", "A", "", "9"},
	)
	p, err := ParseExcel(data)
	if err != nil {
		t.Fatal(err)
	}
	wants := []struct {
		row  int
		text string
	}{{3, "答案 D 对应的选项不存在"}, {4, "题干不能为空"}, {5, "配对题"}, {6, "正确"}, {7, "只能有一个答案"},
		{8, "选项 B 为空"}, {9, "不是数字"}, {10, "第 2 个空"}, {11, "难度"}}
	if len(p.Items) != 1 || len(p.Problems) != len(wants) {
		t.Fatalf("items %d problems %v", len(p.Items), p.Problems)
	}
	for i, w := range wants {
		if p.Problems[i].Line != w.row || !strings.Contains(p.Problems[i].Message, w.text) {
			t.Errorf("problem %d: %+v, want row %d %q", i, p.Problems[i], w.row, w.text)
		}
	}
	if _, err := ParseExcel([]byte("not a spreadsheet")); err == nil {
		t.Error("garbage accepted")
	}
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"题目", "选项"})
	buf, _ := f.WriteToBuffer()
	if _, err := ParseExcel(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "缺少“题型”列") {
		t.Errorf("no header: %v", err)
	}
}

// Export then import gives the same questions back, through both formats.
func TestExportRoundTrip(t *testing.T) {
	t.Parallel()
	src := "$CATEGORY: 党章\n\n// [tag:基础] [tag:党章] [difficulty:2]\n::宗旨::党的根本宗旨是什么？{~实现共产主义 =全心全意为人民服务#对 ~发展生产力####见党章总纲。}\n\n" +
		"“四个意识”包括：{~%50%政治意识 ~%50%大局意识 ~创新意识}\n\n" +
		"党员应当按期交纳党费。{TRUE}\n\n" +
		"党的最高领导机关是党的{=全国代表大会}和它所产生的{=中央委员会 =中央委}。\n\n" +
		"$CATEGORY: 党史\n\n中共一大召开于哪一年？{#1921}\n\n请简述 <b>初心使命</b>: 与 {braces} 的关系。{}\n\n" +
		"Grant is {~buried =entombed ~living} in Grant's tomb.\n\nLine one\\nline two: 5 \\= 2 + 3?{T}\n\n" +
		"// [tag:a\\]b]\n配对：{=中共一大 -> 1921 =[plain]遵义<会议> -> 1935 = -> 1927}\n\n1 到 5 之间的数？{#3:2#好 ~#[plain]不对<>}\n"
	src = strings.Replace(src, "{braces}", `\{braces\}`, 1)
	first := ParseGIFT(src)
	if len(first.Problems) > 0 || len(first.Items) != 10 {
		t.Fatalf("%v %d", first.Problems, len(first.Items))
	}
	qs := questionsOf(first)
	again := ParseGIFT(WriteGIFT(qs))
	if len(again.Problems) > 0 || !reflect.DeepEqual(questionsOf(again), qs) {
		t.Errorf("GIFT round trip:\n%s\n got %+v\nwant %+v\nproblems %v", WriteGIFT(qs), questionsOf(again), qs, again.Problems)
	}
	// Excel keeps what its columns hold: no titles, per-option feedback or
	// uneven weights. The questions that fit come back the same.
	var plain []Question
	for _, q := range qs {
		if q.Title == "" && q.Type != Numeric && q.Type != TrueFalse {
			plain = append(plain, q)
		}
	}
	data, err := WriteExcel(plain)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseExcel(data)
	if err != nil || len(back.Problems) > 0 || !reflect.DeepEqual(questionsOf(back), plain) {
		t.Errorf("Excel round trip: %v %v\n got %+v\nwant %+v", err, back.Problems, questionsOf(back), plain)
	}
}

func TestQuestionFromFieldsKeepsPictures(t *testing.T) {
	t.Parallel()
	q, err := QuestionFromFields(map[string]string{"题型": "判断题", "题干": `看图判断：<img src="/quiz/images/0123456789abcdef0123456789abcdef.png" alt=""> 是党徽。<script>alert(1)</script>`, "答案": "正确"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q.Stem, `<img src="/quiz/images/0123456789abcdef0123456789abcdef.png"`) || strings.Contains(q.Stem, "script") {
		t.Errorf("stem %q", q.Stem)
	}
	plain, _ := QuestionFromFields(map[string]string{"题型": "判断题", "题干": "1 < 2 且 3 > 2", "答案": "正确"})
	if plain.Stem != "1 &lt; 2 且 3 &gt; 2" {
		t.Errorf("plain stem %q", plain.Stem)
	}
}
