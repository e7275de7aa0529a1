package scorm

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureDir holds the golf examples (Rustici Software, scorm.com, CC BY 3.0).
const fixtureDir = "../../shared/fixtures/scorm"

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	return data
}

func TestCheckFixtures(t *testing.T) {
	for _, c := range []struct {
		file, version string
		scos          int
		title         string
	}{
		{"singlescobasic.zip", "1.2", 1, "Golf Explained"},
		{"singlesco_scorm12.zip", "1.2", 1, "Golf Explained"},
		{"RuntimeMinimumCalls_SCORM12.zip", "1.2", 18, "Playing Golf Quiz"},
		{"RuntimeBasicCalls_SCORM20043rdEdition.zip", "2004", 1, "Golf Explained"},
	} {
		t.Run(c.file, func(t *testing.T) {
			data := fixture(t, c.file)
			p, err := Check(bytes.NewReader(data), int64(len(data)), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			m := p.Manifest
			if m.Version != c.version || m.launchable() != c.scos {
				t.Fatalf("version %s, %d launchable, want %s %d", m.Version, m.launchable(), c.version, c.scos)
			}
			found := false
			for _, it := range m.Items {
				found = found || it.Title == c.title
				if it.Href != "" && !it.SCO {
					t.Errorf("%s is not a SCO", it.Identifier)
				}
			}
			if !found {
				t.Errorf("no item %q", c.title)
			}
		})
	}
}

func TestParseManifestDetails(t *testing.T) {
	m, err := ParseManifest(fixture12Multi(t))
	if err != nil {
		t.Fatal(err)
	}
	quiz := m.Items[6]
	if quiz.Href != "shared/assessmenttemplate.html" || quiz.Parameters != "?questions=Playing" || quiz.Parent != 0 || quiz.Depth != 1 {
		t.Errorf("quiz item %+v", quiz)
	}
	if m.Items[0].Href != "" || m.Items[0].Title != "Playing the Game" {
		t.Errorf("cluster %+v", m.Items[0])
	}
	base := `<manifest xml:base="a/"><metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations default="o2"><organization identifier="o1"><title>One</title><item identifier="x" identifierref="r"/></organization>
<organization identifier="o2"><title>Two</title><item identifier="y" identifierref="r" parameters="?p=1"><title>Y</title>
<adlcp:masteryscore>80</adlcp:masteryscore></item><imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing></organization></organizations>
<resources xml:base="b/"><resource identifier="r" href="c/index.html" adlcp:scormType="sco" xml:base="d/"><file href="c/index.html"/></resource></resources></manifest>`
	m, err = ParseManifest([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != "2004" || m.Edition != "4th" || m.Title != "Two" || m.Choice || !m.Flow {
		t.Errorf("manifest %+v", m)
	}
	if it := m.Items[0]; it.Href != "a/b/d/c/index.html" || !it.SCO || it.Parameters != "?p=1" {
		t.Errorf("item %+v", it)
	}
}

func fixture12Multi(t *testing.T) []byte {
	data := fixture(t, "RuntimeMinimumCalls_SCORM12.zip")
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		if f.Name == "imsmanifest.xml" {
			b, _ := readLimited(f, 1<<20)
			return b
		}
	}
	t.Fatal("no manifest")
	return nil
}

const goodManifest = `<manifest><organizations default="o"><organization identifier="o"><title>T</title>
<item identifier="i" identifierref="r"><title>I</title></item></organization></organizations>
<resources><resource identifier="r" href="index.html" adlcp:scormtype="sco"><file href="index.html"/></resource></resources></manifest>`

type entry struct {
	name, body string
	mode       fs.FileMode
	declared   uint64
}

func makeZip(t *testing.T, entries ...entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestCheckRefuses(t *testing.T) {
	manifest := entry{name: "imsmanifest.xml", body: goodManifest}
	index := entry{name: "index.html", body: "<html></html>"}
	small := Limits{ZipSize: 1 << 20, UnpackedSize: 1 << 20, Files: 3, FileSize: 1 << 19}
	for name, c := range map[string]struct {
		data []byte
		lim  Limits
		want string
	}{
		"not a zip":        {[]byte("%PDF-1.4"), DefaultLimits, "不是有效的 zip"},
		"no manifest":      {makeZip(t, index), DefaultLimits, "没有 imsmanifest.xml"},
		"nested manifest":  {makeZip(t, entry{name: "pkg/imsmanifest.xml", body: goodManifest}, index), DefaultLimits, "没有 imsmanifest.xml"},
		"missing file":     {makeZip(t, manifest), DefaultLimits, "不存在：index.html"},
		"dot dot":          {makeZip(t, manifest, index, entry{name: "../evil.js", body: "x"}), DefaultLimits, "含有 .."},
		"inner dot dot":    {makeZip(t, manifest, index, entry{name: "a/../../evil.js", body: "x"}), DefaultLimits, "含有 .."},
		"absolute":         {makeZip(t, manifest, index, entry{name: "/etc/passwd", body: "x"}), DefaultLimits, "绝对路径"},
		"windows absolute": {makeZip(t, manifest, index, entry{name: "C:\\x.js", body: "x"}), DefaultLimits, "绝对路径"},
		"symlink":          {makeZip(t, manifest, index, entry{name: "link", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777}), DefaultLimits, "符号链接"},
		"too many files":   {makeZip(t, manifest, index, entry{name: "a", body: "1"}, entry{name: "b", body: "2"}), small, "超过 3 个"},
		"too big unpacked": {makeZip(t, manifest, index, entry{name: "big", body: strings.Repeat("0", 600<<10)}), small, "解压后超过"},
		"too big zip":      {bytes.Repeat([]byte("x"), 2<<20), small, "超过 1 MB"},
		"bad xml":          {makeZip(t, entry{name: "imsmanifest.xml", body: "<manifest"}), DefaultLimits, "不是有效的 XML"},
		"no organization":  {makeZip(t, entry{name: "imsmanifest.xml", body: "<manifest><resources/></manifest>"}), DefaultLimits, "没有 organization"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Check(bytes.NewReader(c.data), int64(len(c.data)), c.lim)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

// A zip whose directory understates a file's size is still stopped while
// inflating.
func TestReadLimitedStopsLyingSizes(t *testing.T) {
	data := makeZip(t, entry{name: "imsmanifest.xml", body: strings.Repeat(" ", 4096) + goodManifest})
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if _, err := readLimited(zr.File[0], 100); err == nil || !strings.Contains(err.Error(), "超过上限") {
		t.Fatalf("got %v", err)
	}
}

func TestDemoPackageChecks(t *testing.T) {
	data, err := DemoPackage()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Check(bytes.NewReader(data), int64(len(data)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	m := p.Manifest
	if m.Version != "1.2" || m.launchable() != 2 || m.Items[1].MasteryScore == nil || *m.Items[1].MasteryScore != 60 {
		t.Fatalf("demo manifest %+v", m)
	}
}

// A 2004 item's passing score comes from its primary objective's
// minNormalizedMeasure only when the objective is satisfiedByMeasure.
func TestScaledPassingScoreNeedsSatisfiedByMeasure(t *testing.T) {
	doc := func(attr string) []byte {
		return []byte(`<manifest><metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title>
<item identifier="i" identifierref="r"><title>I</title><imsss:sequencing><imsss:objectives>
<imsss:primaryObjective objectiveID="p"` + attr + `><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective>
</imsss:objectives></imsss:sequencing></item></organization></organizations>
<resources><resource identifier="r" href="index.html" adlcp:scormType="sco"><file href="index.html"/></resource></resources></manifest>`)
	}
	for attr, want := range map[string]*float64{` satisfiedByMeasure="true"`: ptrFloat(0.8), ` satisfiedByMeasure="false"`: nil, "": nil} {
		m, err := ParseManifest(doc(attr))
		if err != nil {
			t.Fatal(err)
		}
		got := m.Items[0].MasteryScore
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("%q: passing score %v, want %v", attr, got, want)
		}
	}
}

func ptrFloat(v float64) *float64 { return &v }
