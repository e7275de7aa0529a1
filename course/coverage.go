package course

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Coverage is stored as a JSON array of [start, end] pairs. Every
// heartbeat batch reads and writes it for each of its rows, so both
// directions are done by hand; a stored value the fast reader does not
// expect falls back to encoding/json.

func appendCoverage(b []byte, spans []Span) []byte {
	b = append(b, '[')
	for i, s := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendFloat(b, s.Start)
		b = append(b, ',')
		b = appendFloat(b, s.End)
		b = append(b, ']')
	}
	return append(b, ']')
}

func parseCoverage(raw []byte) []Span {
	if spans, ok := scanCoverage(raw); ok {
		return spans
	}
	var pairs [][2]float64
	_ = json.Unmarshal(raw, &pairs)
	var spans []Span
	for _, pr := range pairs {
		spans = append(spans, Span{pr[0], pr[1]})
	}
	return spans
}

// scanCoverage reads [[a, b], [c, d]] as PostgreSQL prints jsonb.
func scanCoverage(raw []byte) ([]Span, bool) {
	b := bytes.TrimSpace(raw)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil, false
	}
	b = bytes.TrimSpace(b[1 : len(b)-1])
	var spans []Span
	for len(b) > 0 {
		end := bytes.IndexByte(b, ']')
		if b[0] != '[' || end < 0 {
			return nil, false
		}
		a, z, ok := bytes.Cut(b[1:end], []byte{','})
		if !ok {
			return nil, false
		}
		start, err1 := strconv.ParseFloat(string(bytes.TrimSpace(a)), 64)
		stop, err2 := strconv.ParseFloat(string(bytes.TrimSpace(z)), 64)
		if err1 != nil || err2 != nil {
			return nil, false
		}
		spans = append(spans, Span{start, stop})
		b = bytes.TrimSpace(b[end+1:])
		if len(b) > 0 {
			if b[0] != ',' {
				return nil, false
			}
			b = bytes.TrimSpace(b[1:])
		}
	}
	return spans, true
}
