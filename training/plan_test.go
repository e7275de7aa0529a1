package training

import "testing"

func TestPlanHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"学习两天\n现场教学 <一天>", "<p>学习两天</p>\n<p>现场教学 &lt;一天&gt;</p>\n"},
		{`<h2>安排</h2><p onclick="x()">学习<script>alert(1)</script></p>`, "<h2>安排</h2><p>学习</p>"},
		{`<p><a href="javascript:alert(1)">链接</a><img src=x onerror=alert(1)></p>`, `<p>链接<img src="x"></p>`},
		{"", ""},
	} {
		if got := planHTML(c.in); got != c.want {
			t.Errorf("planHTML(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
