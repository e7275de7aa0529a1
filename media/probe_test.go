package media

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseProbe(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, json string
		want       string // format video audio duration, compactly
	}{
		{"phone with display matrix", `{"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"31.5"},"streams":[
			{"codec_type":"video","codec_name":"hevc","width":1920,"height":1080,"avg_frame_rate":"30000/1001","side_data_list":[{"rotation":-90}]},
			{"codec_type":"audio","codec_name":"aac","channels":1,"sample_rate":"48000"}]}`,
			"mov,mp4,m4a,3gp,3g2,mj2 1080x1920 29.97fps rot90 aac/1 31.5s"},
		{"old rotate tag", `{"format":{"format_name":"mov","duration":"5"},"streams":[
			{"codec_type":"video","codec_name":"h264","width":640,"height":360,"r_frame_rate":"25/1","tags":{"rotate":"270"}}]}`,
			"mov 360x640 25.00fps rot270 - 5.0s"},
		{"mp3 with cover art", `{"format":{"format_name":"mp3","duration":"3600.2"},"streams":[
			{"codec_type":"audio","codec_name":"mp3","channels":2,"sample_rate":"44100"},
			{"codec_type":"video","codec_name":"mjpeg","width":500,"height":500,"disposition":{"attached_pic":1}}]}`,
			"mp3 - mp3/2 3600.2s"},
		{"duration only on the stream", `{"format":{"format_name":"matroska,webm"},"streams":[
			{"codec_type":"video","codec_name":"vp9","width":1280,"height":720,"avg_frame_rate":"0/0","r_frame_rate":"30/1","duration":"12.5"}]}`,
			"matroska,webm 1280x720 30.00fps rot0 - 12.5s"},
		{"unknown codec", `{"format":{"format_name":"avi","duration":"9"},"streams":[{"codec_type":"video","width":320,"height":240}]}`,
			"avi - - 9.0s"},
	}
	for _, c := range cases {
		p, err := parseProbe([]byte(c.json))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := describe(p); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if _, err := parseProbe([]byte("not json")); !isRejected(err) {
		t.Errorf("bad JSON: %v", err)
	}
}

func describe(p *Probe) string {
	v, a := "-", "-"
	if p.Video != nil {
		w, h := p.Video.DisplaySize()
		v = itoa(w) + "x" + itoa(h) + " " + strings.TrimSpace(num2(p.Video.FPS)) + "fps rot" + itoa(p.Video.Rotation)
	}
	if p.Audio != nil {
		a = p.Audio.Codec + "/" + itoa(p.Audio.Channels)
	}
	return p.Format + " " + v + " " + a + " " + strings.TrimSpace(num1(p.Duration)) + "s"
}

func num1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
func num2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func TestProbeCheck(t *testing.T) {
	t.Parallel()
	l := DefaultLimits
	video := func(w, h int, fps float64) *VideoStream {
		return &VideoStream{Codec: "h264", Width: w, Height: h, FPS: fps}
	}
	cases := []struct {
		p    Probe
		want string // empty: accepted
	}{
		{Probe{Duration: 60, Video: video(1920, 1080, 30), Audio: &AudioStream{}}, ""},
		{Probe{Duration: 4 * 3600, Audio: &AudioStream{}}, ""},
		{Probe{Duration: 60}, "没有可播放的视频或音频"},
		{Probe{Duration: 0, Audio: &AudioStream{}}, "无法读取音视频的时长"},
		{Probe{Duration: 10 * 3600, Audio: &AudioStream{}}, "时长 10:00:00 超过上限 4:00:00"},
		{Probe{Duration: 60, Video: video(16000, 16000, 25)}, "分辨率 16000×16000 超过上限 4096×4096"},
		{Probe{Duration: 60, Video: video(4096, 2160, 60)}, ""},
		{Probe{Duration: 60, Video: video(0, 0, 25)}, "画面尺寸"},
		{Probe{Duration: 60, Video: video(1280, 720, 240)}, "帧率 240 超过上限 120"},
	}
	for _, c := range cases {
		err := c.p.Check(l)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v refused: %v", c.p, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !isRejected(err)):
			t.Errorf("%+v: %v, want %q", c.p, err, c.want)
		}
	}
	short := l
	short.MaxDuration = 30 * time.Minute
	if err := (&Probe{Duration: 3600, Audio: &AudioStream{}}).Check(short); err == nil {
		t.Error("the configured duration limit is not applied")
	}
}
