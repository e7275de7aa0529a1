package course

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// AppendJSON appends the reply as encoding/json would write it. Every
// playing learner gets one of these each ten seconds, so the reply is
// written by hand rather than by reflection (TestBeatReplyJSON holds the two
// to the same bytes).
func (r *BeatReply) AppendJSON(b []byte) []byte {
	b = append(b, `{"accepted":`...)
	b = strconv.AppendBool(b, r.Accepted)
	if r.Duplicate {
		b = append(b, `,"duplicate":true`...)
	}
	if r.Superseded {
		b = append(b, `,"superseded":true`...)
	}
	b = appendField(b, "credited", r.Credited)
	b = appendField(b, "covered", r.Covered)
	b = appendField(b, "furthest", r.Furthest)
	b = appendField(b, "percent", r.Percent)
	b = append(b, `,"lesson_completed":`...)
	b = strconv.AppendBool(b, r.LessonCompleted)
	b = append(b, `,"course_completed":`...)
	b = strconv.AppendBool(b, r.CourseCompleted)
	if r.Check != nil {
		b = append(b, `,"presence_check":{"id":`...)
		b = appendString(b, r.Check.ID)
		b = append(b, `,"due_at":`...)
		b = appendTime(b, r.Check.DueAt)
		b = append(b, '}')
	}
	b = append(b, `,"server_time":`...)
	b = appendTime(b, r.ServerTime)
	return append(b, '}')
}

func appendField(b []byte, name string, f float64) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendFloat(b, f)
}

// appendFloat formats like encoding/json: shortest form, exponent only for
// very small or very large magnitudes, without a leading zero in it.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, '0')
	}
	abs, format := math.Abs(f), byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendString quotes plain ASCII directly and leaves anything else to
// encoding/json's escaping rules.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
