package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// checkJSONText finds a string (key or value) of a JSON body that is not
// valid text, and names where it is. Almost every body is plain: one pass
// for UTF-8 and a search for a \u00XX escape settle it.
func checkJSONText(b []byte) error {
	if utf8.Valid(b) && !bytes.Contains(b, []byte(`\u00`)) {
		return nil
	}
	if field, bad := badJSONField(b); bad {
		if field == "" {
			field = "请求体"
		}
		return invalidText(field)
	}
	return nil
}

// jsonFrame is one open object or array while walking a body.
type jsonFrame struct {
	obj     bool
	wantKey bool
	key     string
	idx     int
}

// badJSONField walks the body's tokens. json decodes invalid UTF-8 as
// U+FFFD, so the raw bytes of each token are checked too.
func badJSONField(b []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var stack []jsonFrame
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return "", false // malformed: json.Unmarshal says so
		}
		raw := b[start:dec.InputOffset()]
		if d, ok := tok.(json.Delim); ok {
			stack = walkDelim(stack, d)
			continue
		}
		s, isString := tok.(string)
		if isString && (!utf8.Valid(raw) || !validText(s)) {
			return jsonPath(stack, isKey(stack)), true
		}
		stack = afterScalar(stack, s)
	}
}

func isKey(stack []jsonFrame) bool {
	return len(stack) > 0 && stack[len(stack)-1].obj && stack[len(stack)-1].wantKey
}

func walkDelim(stack []jsonFrame, d json.Delim) []jsonFrame {
	switch d {
	case '{':
		return append(stack, jsonFrame{obj: true, wantKey: true})
	case '[':
		return append(stack, jsonFrame{})
	}
	return afterValue(stack[:len(stack)-1])
}

// afterScalar records a key, or a value that closes a key or array slot.
func afterScalar(stack []jsonFrame, s string) []jsonFrame {
	if isKey(stack) {
		stack[len(stack)-1].wantKey, stack[len(stack)-1].key = false, s
		return stack
	}
	return afterValue(stack)
}

func afterValue(stack []jsonFrame) []jsonFrame {
	if len(stack) == 0 {
		return stack
	}
	top := &stack[len(stack)-1]
	if top.obj {
		top.wantKey = true
	} else {
		top.idx++
	}
	return stack
}

// jsonPath names the current place: "texts[0]", "body.options[2]".
func jsonPath(stack []jsonFrame, atKey bool) string {
	var sb strings.Builder
	for i, f := range stack {
		switch {
		case f.obj && (i < len(stack)-1 || !atKey):
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(f.key)
		case !f.obj:
			sb.WriteString("[" + strconv.Itoa(f.idx) + "]")
		}
	}
	return sb.String()
}
