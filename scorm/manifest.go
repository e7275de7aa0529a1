package scorm

import (
	"encoding/xml"
	"path"
	"strconv"
	"strings"

	"lms/internal/apperr"
)

// Manifest is what an imsmanifest.xml says that the platform uses: the
// standard, the default organisation's items in document order, and the
// files each launchable item needs.
type Manifest struct {
	Version string // "1.2" or "2004"
	Edition string // "2nd", "3rd", "4th" for 2004
	Title   string
	Items   []Item
	Choice  bool // imsss:controlMode of the organisation (2004)
	Flow    bool
	Files   []string // every file the resources reference, package-relative
}

// Item is one activity of the organisation: a SCO or asset to launch, or
// a cluster of them (Href empty).
type Item struct {
	Identifier   string
	Parent       int // index in Items, -1 at the top
	Depth        int
	Title        string
	Href         string // package-relative, xml:base applied
	Parameters   string
	LaunchData   string
	MasteryScore *float64
	SCO          bool // a SCO talks to the API; an asset does not
}

type xmlManifest struct {
	Base     string `xml:"base,attr"`
	Metadata struct {
		Schema  string `xml:"schema"`
		Version string `xml:"schemaversion"`
	} `xml:"metadata"`
	Orgs struct {
		Default string   `xml:"default,attr"`
		List    []xmlOrg `xml:"organization"`
	} `xml:"organizations"`
	Resources struct {
		Base string        `xml:"base,attr"`
		List []xmlResource `xml:"resource"`
	} `xml:"resources"`
}

type xmlOrg struct {
	Identifier string    `xml:"identifier,attr"`
	Title      string    `xml:"title"`
	Items      []xmlItem `xml:"item"`
	Sequencing xmlSeq    `xml:"sequencing"`
}

type xmlSeq struct {
	Control *struct {
		Choice string `xml:"choice,attr"`
		Flow   string `xml:"flow,attr"`
	} `xml:"controlMode"`
}

type xmlItem struct {
	Identifier   string     `xml:"identifier,attr"`
	Ref          string     `xml:"identifierref,attr"`
	Parameters   string     `xml:"parameters,attr"`
	Visible      string     `xml:"isvisible,attr"`
	Title        string     `xml:"title"`
	MasteryScore string     `xml:"masteryscore"`
	DataFromLMS  string     `xml:"datafromlms"`
	DataFromLMS4 string     `xml:"dataFromLMS"`
	Items        []xmlItem  `xml:"item"`
	Primary      xmlPrimary `xml:"sequencing>objectives>primaryObjective"`
}

// xmlPrimary is a 2004 item's primary objective: its measure decides
// passed or failed only when satisfiedByMeasure says so.
type xmlPrimary struct {
	SatisfiedByMeasure string `xml:"satisfiedByMeasure,attr"`
	MinNormalized      string `xml:"minNormalizedMeasure"`
}

type xmlResource struct {
	Identifier string `xml:"identifier,attr"`
	Href       string `xml:"href,attr"`
	Base       string `xml:"base,attr"`
	Type1      string `xml:"scormtype,attr"`
	Type2004   string `xml:"scormType,attr"`
	Files      []struct {
		Href string `xml:"href,attr"`
	} `xml:"file"`
	Deps []struct {
		Ref string `xml:"identifierref,attr"`
	} `xml:"dependency"`
}

// ParseManifest reads imsmanifest.xml; every problem is an invalid error
// a trainer can act on.
func ParseManifest(data []byte) (*Manifest, error) {
	var x xmlManifest
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, apperr.Invalidf("imsmanifest.xml 不是有效的 XML：%v", err)
	}
	m := &Manifest{Choice: true, Flow: true}
	m.Version, m.Edition = version(x, data)
	org, err := defaultOrg(x)
	if err != nil {
		return nil, err
	}
	m.Title = strings.TrimSpace(org.Title)
	if c := org.Sequencing.Control; c != nil {
		m.Choice, m.Flow = c.Choice != "false", c.Flow != "false"
	}
	res := resources(x)
	for _, it := range org.Items {
		if err := m.addItem(it, -1, 0, res); err != nil {
			return nil, err
		}
	}
	if m.launchable() == 0 {
		return nil, apperr.Invalidf("课件的组织结构中没有可启动的内容")
	}
	m.Files = referencedFiles(res)
	return m, nil
}

// version tells SCORM 1.2 from 2004 by the schema version, and failing
// that by the namespaces the manifest uses.
func version(x xmlManifest, data []byte) (string, string) {
	v := strings.TrimSpace(x.Metadata.Version)
	switch {
	case v == "1.2":
		return "1.2", ""
	case strings.HasPrefix(v, "2004"):
		ed := strings.TrimSpace(strings.TrimPrefix(v, "2004"))
		ed, _, _ = strings.Cut(ed, " ")
		return "2004", ed
	case v == "CAM 1.3":
		return "2004", "2nd"
	case strings.Contains(string(data), "adlcp_v1p3"):
		return "2004", ""
	}
	return "1.2", ""
}

func defaultOrg(x xmlManifest) (xmlOrg, error) {
	if len(x.Orgs.List) == 0 {
		return xmlOrg{}, apperr.Invalidf("imsmanifest.xml 没有 organization（课件结构）")
	}
	for _, o := range x.Orgs.List {
		if o.Identifier == x.Orgs.Default {
			return o, nil
		}
	}
	if x.Orgs.Default != "" {
		return xmlOrg{}, apperr.Invalidf("默认组织“%s”在 imsmanifest.xml 中不存在", x.Orgs.Default)
	}
	return x.Orgs.List[0], nil
}

// resource is a resource with its xml:base applied to every path.
type resource struct {
	href, scormType string
	files           []string
	deps            []string
}

func resources(x xmlManifest) map[string]resource {
	out := map[string]resource{}
	for _, r := range x.Resources.List {
		base := joinBase(x.Base, x.Resources.Base, r.Base)
		t := strings.ToLower(r.Type1 + r.Type2004)
		rr := resource{scormType: t}
		if r.Href != "" {
			rr.href = joinHref(base, r.Href)
		}
		for _, f := range r.Files {
			rr.files = append(rr.files, joinHref(base, f.Href))
		}
		for _, d := range r.Deps {
			rr.deps = append(rr.deps, d.Ref)
		}
		out[r.Identifier] = rr
	}
	return out
}

func joinBase(parts ...string) string {
	b := ""
	for _, p := range parts {
		if p != "" {
			b = path.Join(b, p)
		}
	}
	return b
}

// joinHref applies a base to a reference, keeping a query string apart.
func joinHref(base, href string) string {
	p, q, hasQ := strings.Cut(href, "?")
	p = strings.TrimPrefix(path.Join(base, p), "./")
	if hasQ {
		return p + "?" + q
	}
	return p
}

func (m *Manifest) addItem(it xmlItem, parent, depth int, res map[string]resource) error {
	if it.Visible == "false" && it.Ref == "" && len(it.Items) == 0 {
		return nil
	}
	item := Item{Identifier: it.Identifier, Parent: parent, Depth: depth, Title: strings.TrimSpace(it.Title),
		Parameters: it.Parameters, LaunchData: strings.TrimSpace(it.DataFromLMS + it.DataFromLMS4)}
	if item.Title == "" {
		item.Title = it.Identifier
	}
	if it.Ref != "" {
		r, ok := res[it.Ref]
		if !ok {
			return apperr.Invalidf("条目“%s”引用的资源“%s”不存在", it.Identifier, it.Ref)
		}
		if r.href == "" {
			return apperr.Invalidf("资源“%s”没有启动文件（href）", it.Ref)
		}
		item.Href, item.SCO = r.href, r.scormType == "sco"
		item.MasteryScore = masteryScore(m.Version, it)
	}
	idx := len(m.Items)
	m.Items = append(m.Items, item)
	for _, c := range it.Items {
		if err := m.addItem(c, idx, depth+1, res); err != nil {
			return err
		}
	}
	return nil
}

// masteryScore is 1.2's adlcp:masteryscore (0–100), or 2004's
// minNormalizedMeasure of the primary objective (-1–1) when that objective
// is satisfiedByMeasure (without it the measure decides nothing, and
// cmi.scaled_passing_score stays unknown).
func masteryScore(version string, it xmlItem) *float64 {
	s := strings.TrimSpace(it.MasteryScore)
	if version == "2004" {
		s = ""
		if strings.TrimSpace(it.Primary.SatisfiedByMeasure) == "true" {
			s = strings.TrimSpace(it.Primary.MinNormalized)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &v
}

func (m *Manifest) launchable() int {
	n := 0
	for _, it := range m.Items {
		if it.Href != "" {
			n++
		}
	}
	return n
}

// referencedFiles is every href and file of every resource, without the
// query strings, each once.
func referencedFiles(res map[string]resource) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		p, _, _ = strings.Cut(p, "?")
		p, _, _ = strings.Cut(p, "#")
		if p != "" && !seen[p] && !isURL(p) {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, r := range res {
		add(r.href)
		for _, f := range r.files {
			add(f)
		}
	}
	return out
}

func isURL(p string) bool {
	return strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://")
}
