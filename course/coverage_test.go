package course

import (
	"encoding/json"
	"testing"
)

func TestCoverageRoundTrip(t *testing.T) {
	cases := [][]Span{nil, {{0, 1.5881987772000001}}, {{0, 10}, {12.5, 30}, {3e-7, 4e21}}}
	for _, spans := range cases {
		raw := appendCoverage(nil, spans)
		var pairs [][2]float64
		if err := json.Unmarshal(raw, &pairs); err != nil || len(pairs) != len(spans) {
			t.Fatalf("%s is not the JSON of %v: %v", raw, spans, err)
		}
		got := parseCoverage(raw)
		if len(got) != len(spans) {
			t.Fatalf("%s read back as %v", raw, got)
		}
		for i := range got {
			if got[i] != spans[i] {
				t.Errorf("%s read back as %v", raw, got)
			}
		}
	}
	// As PostgreSQL prints jsonb, and what the fast reader leaves to encoding/json.
	for raw, want := range map[string][]Span{
		`[[0, 1.5], [2, 2.25]]`: {{0, 1.5}, {2, 2.25}},
		` [ ] `:                 nil,
		`[[1e2, 2E2]]`:          {{100, 200}},
		`[[1, 2] [3, 4]]`:       nil,
		`{"a": 1}`:              nil,
	} {
		got := parseCoverage([]byte(raw))
		if len(got) != len(want) || len(got) > 0 && got[len(got)-1] != want[len(want)-1] {
			t.Errorf("%q read as %v, want %v", raw, got, want)
		}
	}
}
