package scorm

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	reDecimal  = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
	reInt      = regexp.MustCompile(`^-?\d+$`)
	reSpan12   = regexp.MustCompile(`^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$`)
	reTime12   = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$`)
	reInterval = regexp.MustCompile(`^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$`)
	reStamp    = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$`)
	reID12     = regexp.MustCompile(`^[^\s]{1,255}$`)
	reLang     = regexp.MustCompile(`^$|^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)
	reLStr     = regexp.MustCompile(`^\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\}`)
	reTarget   = regexp.MustCompile(`^\{target=[^\s{}]+\}(choice|jump)$`)
)

// verdict of a value against its element's type: ok, wrong type, or out
// of range (2004 tells the two apart: 406 and 407).
type verdict int

const (
	valueOK verdict = iota
	wrongType
	outOfRange
)

// checkType judges a value; scorm.js's checkType is the same function.
func checkType(e Elem, v string) verdict {
	switch e.Type {
	case "str":
		return lengthOK(v, e.Max)
	case "lstr":
		return lengthOK(reLStr.ReplaceAllString(v, ""), e.Max)
	case "vocab":
		return oneOf(v, e.Vocab)
	case "dec12":
		if v == "" && e.Lo != nil {
			return valueOK // CMIBlank: a score may be cleared
		}
		return number(v, reDecimal, e)
	case "real":
		return number(v, reDecimal, e)
	case "int":
		return number(v, reInt, e)
	case "result":
		if oneOf(v, e.Vocab) == valueOK {
			return valueOK
		}
		return number(v, reDecimal, e)
	case "nav":
		return navRequest(v)
	}
	return matchPattern(e.Type, v)
}

func matchPattern(t, v string) verdict {
	re := map[string]*regexp.Regexp{"span12": reSpan12, "time12": reTime12, "interval": reInterval,
		"stamp": reStamp, "id12": reID12, "lang": reLang}[t]
	switch {
	case t == "uri":
		if v == "" || strings.ContainsAny(v, " \t\n") || utf8.RuneCountInString(v) > 4000 {
			return wrongType
		}
		return valueOK
	case re == nil:
		return wrongType
	case !re.MatchString(v):
		return wrongType
	case t == "interval" && (v == "P" || strings.HasSuffix(v, "T")):
		return wrongType
	}
	return valueOK
}

func lengthOK(v string, max int) verdict {
	if max > 0 && utf8.RuneCountInString(v) > max {
		return wrongType
	}
	return valueOK
}

func oneOf(v string, vocab []string) verdict {
	for _, w := range vocab {
		if v == w {
			return valueOK
		}
	}
	return wrongType
}

func number(v string, re *regexp.Regexp, e Elem) verdict {
	if !re.MatchString(v) {
		return wrongType
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return wrongType
	}
	if e.Lo != nil && x < *e.Lo || e.Hi != nil && x > *e.Hi {
		return outOfRange
	}
	return valueOK
}

var navRequests = []string{"continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"}

func navRequest(v string) verdict {
	if oneOf(v, navRequests) == valueOK || reTarget.MatchString(v) {
		return valueOK
	}
	return wrongType
}
