package web

import (
	"strings"
	"testing"
)

func TestValidText(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "党员 教育\t\r\n": true, "é€😀": true, "a\x00b": false, "\x1b[31m": false, "\x7f": true,
		"\xff": false, "党\xe5\x85": false, "\u2028": true,
	} {
		if got := validText(s); got != want {
			t.Errorf("validText(%q) = %v", s, got)
		}
	}
}

// The field named is where the bad text is, however deep.
func TestBadJSONField(t *testing.T) {
	cases := map[string]string{
		`{"stem":"a\u0000b"}`:                       "stem",
		`{"texts":["ok","\u001b"]}`:                 "texts[1]",
		`{"body":{"options":["a",{"x":"\u0007"}]}}`: "body.options[1].x",
		"{\"title\":\"\xff\"}":                      "title",
		`{"a\u0000":1}`:                             "",
		`"\u0000"`:                                  "",
		`[{"a":1},{"b":"\u0001"}]`:                  "[1].b",
	}
	for body, want := range cases {
		got, bad := badJSONField([]byte(body))
		if !bad || got != want {
			t.Errorf("%s: %q %v, want %q", body, got, bad, want)
		}
	}
	for _, ok := range []string{`{"a":"\u00e9\u0009"}`, `{"a":"\\u0000"}`, `{"a":1}`, `{"a":`} {
		if f, bad := badJSONField([]byte(ok)); bad {
			t.Errorf("%s refused at %q", ok, f)
		}
		if err := checkJSONText([]byte(ok)); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// The check every heartbeat pays.
func BenchmarkCheckJSONHeartbeat(b *testing.B) {
	body := []byte(`{"playback_id":"p-1733212345","seq":42,"position":123.4,"played":[[113.2,123.4]],` +
		`"rate":1,"visible":true,"client_time":"2026-12-03T14:00:00Z"}`)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if checkJSONText(body) != nil {
			b.Fatal("refused")
		}
	}
}

func BenchmarkValidTextChinese(b *testing.B) {
	s := strings.Repeat("党员干部远程教育", 8)
	for b.Loop() {
		validText(s)
	}
}
