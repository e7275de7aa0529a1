package media

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/NAME, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n got: %s\nwant: %s", name, got, want)
	}
}

func TestCommandGolden(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		probe Probe
	}{
		{"cmd_1080p30_stereo", Probe{Format: "mov,mp4,m4a,3gp,3g2,mj2", Duration: 3600, Video: &VideoStream{Codec: "h264", Width: 1920, Height: 1080, FPS: 30}, Audio: &AudioStream{Codec: "aac", Channels: 2}}},
		{"cmd_720p60_no_audio", Probe{Format: "matroska,webm", Duration: 61.5, Video: &VideoStream{Codec: "h264", Width: 1280, Height: 720, FPS: 59.94}}},
		{"cmd_phone_portrait_rotated", Probe{Format: "mov,mp4,m4a,3gp,3g2,mj2", Duration: 300, Video: &VideoStream{Codec: "hevc", Width: 1920, Height: 1080, FPS: 30, Rotation: 90}, Audio: &AudioStream{Codec: "aac", Channels: 1}}},
		{"cmd_small_240p", Probe{Format: "avi", Duration: 20, Video: &VideoStream{Codec: "mpeg4", Width: 320, Height: 240, FPS: 25}, Audio: &AudioStream{Codec: "mp3", Channels: 2}}},
		{"cmd_audio_only", Probe{Format: "mp3", Duration: 5400, Audio: &AudioStream{Codec: "mp3", Channels: 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := NewPlan(&c.probe).Args()
			golden(t, c.name+".txt", strings.Join(args, "\n")+"\n")
		})
	}
}

// Every command carries the hardening, whatever the source.
func TestCommandHardening(t *testing.T) {
	t.Parallel()
	for _, p := range []Probe{
		{Format: "mov,mp4,m4a,3gp,3g2,mj2", Duration: 10, Audio: &AudioStream{Codec: "aac"}},
		{Format: "mov,mp4,m4a,3gp,3g2,mj2", Duration: 10, Video: &VideoStream{Width: 640, Height: 360, FPS: 25}},
	} {
		args := strings.Join(NewPlan(&p).Args(), " ")
		for _, want := range []string{"-nostdin", "-protocol_whitelist file", "-format_whitelist " + acceptedFormats,
			"-enable_drefs 0", "-use_absolute_path 0", "-progress pipe:1", "-f mov", "-i source"} {
			if !strings.Contains(args, want) {
				t.Errorf("command lacks %q: %s", want, args)
			}
		}
		if strings.Count(args, "-i ") != 1 {
			t.Errorf("want exactly one input (one decode): %s", args)
		}
	}
	probe := strings.Join(ffprobeArgs(), " ")
	for _, want := range []string{"-protocol_whitelist file", "-format_whitelist " + acceptedFormats, "-enable_drefs 0", "-use_absolute_path 0"} {
		if !strings.Contains(probe, want) {
			t.Errorf("ffprobe lacks %q: %s", want, probe)
		}
	}
}

func TestLadder(t *testing.T) {
	t.Parallel()
	cases := []struct {
		w, h int
		want string
	}{
		{1920, 1080, "1080p:1920x1080 720p:1280x720 480p:854x480 360p:640x360"},
		{3840, 2160, "1080p:1920x1080 720p:1280x720 480p:854x480 360p:640x360"},
		{1280, 720, "720p:1280x720 480p:854x480 360p:640x360"},
		{1080, 1920, "1080p:1080x1920 720p:720x1280 480p:480x854 360p:360x640"},
		{1440, 1080, "1080p:1440x1080 720p:960x720 480p:640x480 360p:480x360"},
		{900, 500, "480p:864x480 360p:648x360"},
		{320, 240, "240p:320x240"},
		{175, 99, "100p:176x100"},
	}
	for _, c := range cases {
		var got []string
		for _, r := range Ladder(c.w, c.h) {
			got = append(got, r.Name+":"+itoa(r.Width)+"x"+itoa(r.Height))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("Ladder(%d, %d) = %s, want %s", c.w, c.h, g, c.want)
		}
	}
}

func TestStoryboardGrid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		dur        float64
		iv         float64
		cols, rows int
	}{
		{5, 2, 3, 1}, {20, 2, 10, 1}, {60, 2, 10, 3}, {199, 2, 10, 10}, {3600, 36, 10, 10}, {7201, 73, 10, 10},
	}
	for _, c := range cases {
		iv, cols, rows := storyboardGrid(c.dur)
		if iv != c.iv || cols != c.cols || rows != c.rows {
			t.Errorf("storyboardGrid(%v) = %v %d×%d, want %v %d×%d", c.dur, iv, cols, rows, c.iv, c.cols, c.rows)
		}
	}
}
