package media

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// writeRendition lays out a rendition as ffmpeg would: index.m3u8 and one
// segment file per (seconds, bytes) pair.
func writeRendition(t *testing.T, dir, name string, segs [][2]float64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, name), 0o700); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n")
	for i, s := range segs {
		file := fmt.Sprintf("seg_%05d.ts", i)
		fmt.Fprintf(&b, "#EXTINF:%.6f,\n%s\n", s[0], file)
		if err := os.WriteFile(filepath.Join(dir, name, file), make([]byte, int(s[1])), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b.WriteString("#EXT-X-ENDLIST\n")
	if err := os.WriteFile(filepath.Join(dir, name, "index.m3u8"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

var streamInf = regexp.MustCompile(`#EXT-X-STREAM-INF:BANDWIDTH=(\d+),AVERAGE-BANDWIDTH=(\d+)[^\n]*\n(\S+)`)

// masterBandwidths reads BANDWIDTH and AVERAGE-BANDWIDTH per variant URI.
func masterBandwidths(t *testing.T, master string) map[string][2]int {
	t.Helper()
	out := map[string][2]int{}
	for _, m := range streamInf.FindAllStringSubmatch(master, -1) {
		peak, _ := strconv.Atoi(m[1])
		avg, _ := strconv.Atoi(m[2])
		out[m[3]] = [2]int{peak, avg}
	}
	return out
}

// RFC 8216 §4.3.4.2: a variant's BANDWIDTH is the largest sum of peak
// segment bit rates of any playable combination of renditions, and
// AVERAGE-BANDWIDTH the sum of averages. A video variant here plays with
// the separate audio rendition, so both count its video and the audio.
func TestMasterPlaylistBandwidthIsVideoPlusAudio(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// 360p: 4 s of 200 kB, 4 s of 400 kB (the peak: 800 kbit/s), 1 s of 50 kB.
	writeRendition(t, dir, "360p", [][2]float64{{4, 200_000}, {4, 400_000}, {1, 50_000}})
	// audio: 128 kbit/s flat, 64 kB per 4 s.
	writeRendition(t, dir, "audio", [][2]float64{{4, 64_000}, {4, 64_000}, {1, 16_000}})
	plan := Plan{Rungs: []Rung{{Name: "360p", Width: 640, Height: 360, VideoKbps: 650}}, Audio: true, Duration: 9}
	out, err := collectOutputs(dir, plan, "out-1-1/")
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(dir, "master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	got := masterBandwidths(t, string(text))["360p/index.m3u8"]
	// Video peak 800 000 + audio peak 128 000; averages over 9 s:
	// 650 000·8/9 = 577 777 and 144 000·8/9 = 128 000.
	if want := [2]int{928_000, 705_777}; got != want {
		t.Errorf("360p BANDWIDTH, AVERAGE-BANDWIDTH = %v, want %v\n%s", got, want, text)
	}
	if r := out.Rungs[0]; r.Bandwidth != 800_000 || r.AvgBandwidth != 577_777 {
		t.Errorf("measured 360p rung %+v", r)
	}
}

// The peak segment bit rate is taken over runs of segments lasting 0.5 to
// 1.5 target durations: a short last segment is not a peak of its own.
func TestBandwidths(t *testing.T) {
	t.Parallel()
	seg := func(start, end float64, size int64) Segment { return Segment{Start: start, End: end, Size: size} }
	cases := []struct {
		name      string
		segs      []Segment
		peak, avg int
	}{
		{"flat", []Segment{seg(0, 4, 100_000), seg(4, 8, 100_000)}, 200_000, 200_000},
		{"one dense segment", []Segment{seg(0, 4, 100_000), seg(4, 8, 300_000), seg(8, 12, 100_000)}, 600_000, 333_333},
		// 0.8 s of 60 kB alone is 600 kbit/s; joined to the 4 s before it
		// (4.8 s, within 1.5 × 4) it is 266 666.
		{"short tail joins its neighbour", []Segment{seg(0, 4, 100_000), seg(4, 8, 100_000), seg(8, 8.8, 60_000)}, 266_666, 236_363},
		// A lecture shorter than half a target duration: its only run.
		{"shorter than half a segment", []Segment{seg(0, 1.5, 30_000)}, 160_000, 160_000},
		{"none", nil, 0, 0},
	}
	for _, c := range cases {
		if peak, avg := bandwidths(c.segs); peak != c.peak || avg != c.avg {
			t.Errorf("%s: bandwidths = %d, %d; want %d, %d", c.name, peak, avg, c.peak, c.avg)
		}
	}
}
