package search

import "testing"

func TestUnwrapHan(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"坚持党\n要管党":     "坚持党要管党",
		"路线、\n方针":      "路线、\n方针",
		"不少于\n3 天":     "不少于\n3 天",
		"第一段。\n第二段":    "第一段。\n第二段",
		"两段\n\n之间":     "两段\n\n之间",
		"hello\nworld": "hello\nworld",
		"\n开头\n":       "\n开头\n",
		"":             "",
		"无换行":          "无换行",
		"一\n二\n三":      "一二三",
	}
	for in, want := range cases {
		if got := unwrapHan(in); got != want {
			t.Errorf("unwrapHan(%q) = %q, want %q", in, got, want)
		}
	}
}
