package media

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The demo's lecture is a lecture: it speaks during each cue and is silent
// between them, its subtitles carry the spoken Chinese sentences timed to
// the speech, and its slides change from cue to cue.
func TestDemoLectureSpeaksAndShowsSlides(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cues := []LectureCue{
		{"00:00:00.000", "00:00:04.900", "同志们好，今天学习党员教育新要求。"},
		{"00:00:05.000", "00:00:12.900", "第一，要把政治理论教育摆在首位，筑牢信仰之基。"},
		{"00:00:13.000", "00:00:20.900", "第二，要严格落实三会一课制度，过好组织生活。"},
		{"00:00:21.000", "00:00:29.900", "第三，要用好远程教育平台，推动学习常态化。"},
	}
	const seconds = 30
	path, vtt, err := MakeLecture(ctx, t.TempDir(), "专题讲座：党员教育的新要求", cues, seconds)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := probeSeconds(ctx, path); err != nil || d < seconds-1 || d > seconds+1 {
		t.Errorf("duration %.1f s (%v), want about %d", d, err, seconds)
	}
	for _, want := range []string{"00:00:05.000 --> ", "政治理论教育", "三会一课", "远程教育平台"} {
		if !strings.Contains(vtt, want) {
			t.Errorf("subtitles lack %q:\n%s", want, vtt)
		}
	}
	cue := regexp.MustCompile(`(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})`).FindAllStringSubmatch(vtt, -1)
	if len(cue) != len(cues) {
		t.Fatalf("%d cues, want %d", len(cue), len(cues))
	}
	for i, c := range cue {
		start, end := cueSeconds(c[1]), cueSeconds(c[2])
		if loud := meanVolume(t, path, start+0.3, end-start-0.6); loud < -35 {
			t.Errorf("cue %d (%s–%s) is silent: %.1f dB", i, c[1], c[2], loud)
		}
		if i+1 < len(cue) && cueSeconds(cue[i+1][1])-end > 0.8 {
			if quiet := meanVolume(t, path, end+0.2, cueSeconds(cue[i+1][1])-end-0.4); quiet > -60 {
				t.Errorf("speech after cue %d ended (%s): %.1f dB, the subtitles do not follow the speech", i, c[2], quiet)
			}
		}
	}
	a, b := frame(t, path, 2), frame(t, path, 8)
	if bytes.Equal(a, b) || differing(a, b) < len(a)/100 {
		t.Error("the slide at 2 s and at 8 s look the same")
	}
	if differing(a, frame(t, path, 4)) > len(a)/50 {
		t.Error("one slide changes while it is shown")
	}
}

var meanRe = regexp.MustCompile(`mean_volume: (-?[\d.]+|-inf) dB`)

func meanVolume(t *testing.T, path string, from, dur float64) float64 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-hide_banner", "-ss", strconv.FormatFloat(from, 'f', 3, 64),
		"-t", strconv.FormatFloat(dur, 'f', 3, 64), "-i", path, "-vn", "-af", "volumedetect", "-f", "null", "-").CombinedOutput()
	m := meanRe.FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("volumedetect: %v %s", err, out)
	}
	if string(m[1]) == "-inf" {
		return -200
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// frame is the picture at sec, small and grey.
func frame(t *testing.T, path string, sec int) []byte {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-ss", strconv.Itoa(sec), "-i", path, "-frames:v", "1",
		"-vf", "scale=160:90", "-pix_fmt", "gray", "-f", "rawvideo", "-").Output()
	if err != nil || len(out) != 160*90 {
		t.Fatalf("frame at %d s: %v (%d bytes)", sec, err, len(out))
	}
	return out
}

func differing(a, b []byte) int {
	n := 0
	for i := range a {
		if d := int(a[i]) - int(b[i]); d > 16 || d < -16 {
			n++
		}
	}
	return n
}
