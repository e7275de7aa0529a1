package scorm

import (
	"strconv"
	"strings"
)

// Model is one SCO's data model for one learner: every element known,
// the LMS's read-only ones included, by full name ("cmi.interactions.0.id").
type Model struct {
	Version string
	Values  map[string]string
}

// codes are a version's error numbers for the failures Get and Set know.
type codes struct {
	undefined, keywordSet, readOnly, writeOnly, typ, rng, dep, notInit int
	badIndexSet, badIndexGet, noChildren, noCount, emptyGet, emptySet  int
}

var codes12 = codes{undefined: 401, keywordSet: 402, readOnly: 403, writeOnly: 404, typ: 405, rng: 405,
	dep: 0, notInit: 0, badIndexSet: 201, badIndexGet: 201, noChildren: 202, noCount: 203, emptyGet: 201, emptySet: 201}

var codes2004 = codes{undefined: 401, keywordSet: 404, readOnly: 404, writeOnly: 405, typ: 406, rng: 407,
	dep: 408, notInit: 403, badIndexSet: 351, badIndexGet: 301, noChildren: 301, noCount: 301, emptyGet: 301, emptySet: 351}

func (m *Model) codes() codes {
	if m.Version == "2004" {
		return codes2004
	}
	return codes12
}

// pattern turns "cmi.interactions.3.objectives.0.id" into
// "cmi.interactions.n.objectives.n.id" and the indexes' prefixes.
func pattern(el string) (string, []string) {
	segs := strings.Split(el, ".")
	var prefixes []string
	for i, s := range segs {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			prefixes = append(prefixes, strings.Join(segs[:i], ".")+".")
			segs[i] = "n"
		}
	}
	return strings.Join(segs, "."), prefixes
}

// lookup finds an element's rule; keyword tells _children and _count.
func (m *Model) lookup(el string) (string, Elem, bool) {
	p, _ := pattern(el)
	if strings.HasPrefix(p, "adl.nav.request_valid.choice.") || strings.HasPrefix(p, "adl.nav.request_valid.jump.") {
		p = p[:strings.LastIndex(p, ".")]
	}
	e, ok := Elements(m.Version)[p]
	return p, e, ok
}

// Get answers GetValue / LMSGetValue: the value and the error code.
func (m *Model) Get(el string) (string, int) {
	c := m.codes()
	if el == "" {
		return "", c.emptyGet
	}
	p, e, ok := m.lookup(el)
	if !ok {
		return "", m.keywordError(el)
	}
	switch {
	case e.Access == "wo":
		return "", c.writeOnly
	case e.Type == "kw":
		return m.keyword(p), 0
	case e.Type == "count":
		return strconv.Itoa(m.count(strings.TrimSuffix(el, "_count"))), 0
	case !m.indexesExist(el):
		return "", c.badIndexGet
	}
	v, set := m.Values[el]
	if !set && m.Version == "2004" && !strings.HasPrefix(el, "adl.") {
		return "", c.notInit
	}
	return v, 0
}

// keywordError is the error for an element the table lacks: asking a
// leaf for _children or _count has its own code.
func (m *Model) keywordError(el string) int {
	c := m.codes()
	for suffix, code := range map[string]int{"._children": c.noChildren, "._count": c.noCount} {
		if base, ok := strings.CutSuffix(el, suffix); ok {
			if _, _, known := m.lookup(base); known {
				return code
			}
		}
	}
	return c.undefined
}

func (m *Model) keyword(p string) string {
	if p == "cmi._version" {
		if m.Version == "2004" {
			return "1.0"
		}
		return "3.4"
	}
	if v, ok := children[m.Version+" "+p]; ok && m.Version == "2004" {
		return v
	}
	return children[p]
}

// count is how many entries an array has: its indexes are dense.
func (m *Model) count(prefix string) int {
	n := 0
	for k := range m.Values {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		seg, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(seg); err == nil && i+1 > n {
			n = i + 1
		}
	}
	return n
}

func (m *Model) indexesExist(el string) bool {
	_, prefixes := pattern(el)
	for _, pre := range prefixes {
		i, _ := strconv.Atoi(strings.SplitN(el[len(pre):], ".", 2)[0])
		if i >= m.count(pre) {
			return false
		}
	}
	return true
}

// Set answers SetValue / LMSSetValue: 0 when stored, else the error code
// and nothing stored.
func (m *Model) Set(el, v string) int {
	c := m.codes()
	if el == "" {
		return c.emptySet
	}
	p, e, ok := m.lookup(el)
	switch {
	case !ok:
		return m.setUnknown(el)
	case e.Type == "kw" || e.Type == "count":
		return c.keywordSet
	case e.Access == "ro":
		return c.readOnly
	}
	if code := m.checkIndexes(el, p); code != 0 {
		return code
	}
	switch checkType(e, v) {
	case wrongType:
		return c.typ
	case outOfRange:
		return c.rng
	}
	if code := m.checkDependency(el, p, v); code != 0 {
		return code
	}
	m.Values[el] = v
	return 0
}

func (m *Model) setUnknown(el string) int {
	if strings.HasSuffix(el, "._children") || strings.HasSuffix(el, "._count") || strings.HasSuffix(el, "._version") {
		if m.keywordError(el) != m.codes().undefined {
			return m.codes().keywordSet
		}
	}
	return m.codes().undefined
}

// checkIndexes: an array grows one entry at a time, at its end; in 2004
// a new objective or interaction starts with its id.
func (m *Model) checkIndexes(el, p string) int {
	_, prefixes := pattern(el)
	for k, pre := range prefixes {
		i, _ := strconv.Atoi(strings.SplitN(el[len(pre):], ".", 2)[0])
		n := m.count(pre)
		if i > n {
			return m.codes().badIndexSet
		}
		if i < n || m.Version != "2004" || strings.HasPrefix(p, "cmi.comments_from_learner.") {
			continue
		}
		if k < len(prefixes)-1 || !strings.HasSuffix(p, ".n.id") && !strings.HasSuffix(p, ".n.pattern") {
			return m.codes().dep
		}
	}
	return 0
}

// checkDependency holds 2004's other rules: identifiers are unique among
// their array and never change, and correct responses need a type.
func (m *Model) checkDependency(el, p, v string) int {
	if m.Version != "2004" {
		return 0
	}
	if strings.HasSuffix(p, ".n.id") && p != "cmi.interactions.n.objectives.n.id" {
		if old, ok := m.Values[el]; ok && old != v {
			return 351
		}
		prefix := el[:strings.LastIndex(el[:len(el)-3], ".")+1]
		for k, x := range m.Values {
			if x == v && k != el && strings.HasPrefix(k, prefix) && strings.HasSuffix(k, ".id") &&
				strings.Count(k, ".") == strings.Count(el, ".") {
				return 351
			}
		}
	}
	if strings.HasPrefix(p, "cmi.interactions.n.correct_responses.n.") {
		base := el[:strings.Index(el, ".correct_responses.")]
		if m.Values[base+".type"] == "" {
			return m.codes().dep
		}
	}
	return 0
}
