package media

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"lms/internal/apperr"
)

// acceptedFormats are the only demuxers ffprobe and ffmpeg may open. Above
// all this keeps out the playlist-like formats (hls, concat, ffconcat,
// image2 sequences, tee…) that would make ffmpeg read another file or the
// network, whatever the upload's name says.
const acceptedFormats = "mov,matroska,avi,flv,mpegts,mpeg,asf,mp3,aac,wav,ogg,flac"

// inputHardening are the options put before the one input of every ffprobe
// and ffmpeg run. The file is our private copy named "source" in a private
// folder; the options stop it from reaching anything else: only the file
// protocol, only the demuxers above, no MP4 data references to other
// files, and bounded probing.
func inputHardening() map[string]string {
	return map[string]string{
		"protocol_whitelist": "file",
		"format_whitelist":   acceptedFormats,
		"enable_drefs":       "0",
		"use_absolute_path":  "0",
		"probesize":          "50000000",
		"analyzeduration":    "20000000",
	}
}

// Limits bound what a trainer may upload; the defaults are 4 GB and 4 h.
type Limits struct {
	MaxSize     int64
	MaxDuration time.Duration
	MaxSide     int     // pixels, either side of the picture
	MaxFPS      float64 // frames per second
}

// DefaultLimits are used where a setting is left empty.
var DefaultLimits = Limits{MaxSize: 4 << 30, MaxDuration: 4 * time.Hour, MaxSide: 4096, MaxFPS: 120}

// Probe is what ffprobe found in a source file.
type Probe struct {
	Format   string       `json:"format"`
	Duration float64      `json:"duration"`
	Video    *VideoStream `json:"video,omitempty"`
	Audio    *AudioStream `json:"audio,omitempty"`
}

// VideoStream describes the first real video stream (cover art excluded).
type VideoStream struct {
	Codec    string  `json:"codec"`
	Width    int     `json:"width"`  // as stored
	Height   int     `json:"height"` // as stored
	FPS      float64 `json:"fps"`
	Rotation int     `json:"rotation"` // degrees clockwise a player turns it: 0, 90, 180, 270
}

// AudioStream describes the first audio stream.
type AudioStream struct {
	Codec      string `json:"codec"`
	Channels   int    `json:"channels"`
	SampleRate int    `json:"sample_rate"`
}

// DisplaySize is the picture size once rotation is applied.
func (v *VideoStream) DisplaySize() (int, int) {
	if v.Rotation == 90 || v.Rotation == 270 {
		return v.Height, v.Width
	}
	return v.Width, v.Height
}

// ffprobeArgs is the probe command for the private copy "source".
func ffprobeArgs() []string {
	args := []string{"-hide_banner", "-v", "error"}
	for _, k := range sortedKeys(inputHardening()) {
		args = append(args, "-"+k, inputHardening()[k])
	}
	return append(args, "-show_format", "-show_streams", "-of", "json", "-i", "source")
}

// runProbe runs ffprobe in dir, where the private copy lies.
func runProbe(ctx context.Context, dir string, timeout time.Duration) (*Probe, error) {
	res, err := runTool(ctx, dir, "ffprobe", ffprobeArgs(), timeout, nil)
	if err != nil {
		return nil, probeError(res.stderr, err)
	}
	return parseProbe(res.stdout)
}

// probeError turns ffprobe's complaint into a reason a trainer understands.
func probeError(stderr string, err error) error {
	switch {
	case isTimeout(err):
		return rejectf("读取文件信息超时，文件可能已损坏")
	case strings.Contains(stderr, "not on whitelist"):
		return rejectf("不支持的文件格式：请上传 MP4、MOV、MKV、WebM、AVI、FLV、TS、MP3、M4A、WAV、AAC、OGG 或 FLAC 格式的音视频文件")
	case strings.Contains(stderr, "moov atom not found"):
		return rejectf("视频文件不完整（缺少索引），可能是录制或上传中断，请重新导出后上传")
	case strings.Contains(stderr, "Invalid data found"), strings.Contains(stderr, "could not find codec"):
		return rejectf("无法识别的文件内容：这不是可播放的音视频文件")
	}
	return rejectf("无法读取文件信息（%s）", lastLine(stderr))
}

type ffprobeOut struct {
	Format struct {
		Name     string `json:"format_name"`
		Duration string `json:"duration"`
	} `json:"format"`
	Streams []struct {
		Type         string            `json:"codec_type"`
		Codec        string            `json:"codec_name"`
		Width        int               `json:"width"`
		Height       int               `json:"height"`
		AvgFrameRate string            `json:"avg_frame_rate"`
		RFrameRate   string            `json:"r_frame_rate"`
		Channels     int               `json:"channels"`
		SampleRate   string            `json:"sample_rate"`
		Duration     string            `json:"duration"`
		Disposition  map[string]int    `json:"disposition"`
		Tags         map[string]string `json:"tags"`
		SideDataList []struct {
			Rotation *float64 `json:"rotation"`
		} `json:"side_data_list"`
	} `json:"streams"`
}

// parseProbe reads ffprobe's JSON; it is a pure function with table tests.
func parseProbe(data []byte) (*Probe, error) {
	var out ffprobeOut
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, rejectf("无法读取文件信息")
	}
	p := &Probe{Format: out.Format.Name, Duration: parseFloat(out.Format.Duration)}
	for _, s := range out.Streams {
		switch {
		case s.Type == "video" && p.Video == nil && s.Disposition["attached_pic"] == 0 && s.Codec != "":
			p.Video = &VideoStream{Codec: s.Codec, Width: s.Width, Height: s.Height,
				FPS: frameRate(s.AvgFrameRate, s.RFrameRate), Rotation: rotation(s.Tags["rotate"], s.SideDataList)}
		case s.Type == "audio" && p.Audio == nil && s.Codec != "":
			p.Audio = &AudioStream{Codec: s.Codec, Channels: s.Channels, SampleRate: int(parseFloat(s.SampleRate))}
		}
		if d := parseFloat(s.Duration); p.Duration == 0 && d > 0 {
			p.Duration = d
		}
	}
	return p, nil
}

// rotation normalises the display matrix (counter-clockwise, negative for
// clockwise) or the older rotate tag into 0/90/180/270 clockwise.
func rotation(tag string, side []struct {
	Rotation *float64 `json:"rotation"`
}) int {
	deg := parseFloat(tag)
	for _, sd := range side {
		if sd.Rotation != nil {
			deg = -*sd.Rotation
		}
	}
	r := int(math.Round(deg/90)) * 90 % 360
	if r < 0 {
		r += 360
	}
	return r
}

func frameRate(vals ...string) float64 {
	for _, v := range vals {
		num, den, ok := strings.Cut(v, "/")
		n, d := parseFloat(num), parseFloat(den)
		if ok && n > 0 && d > 0 {
			return n / d
		}
	}
	return 0
}

func parseFloat(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// Check refuses what the platform will not transcode; the limits come from
// the probe, before ffmpeg decodes a single frame.
func (p *Probe) Check(l Limits) error {
	if p.Video == nil && p.Audio == nil {
		return rejectf("文件中没有可播放的视频或音频")
	}
	if p.Duration <= 0 {
		return rejectf("无法读取音视频的时长，文件可能已损坏")
	}
	if max := l.MaxDuration.Seconds(); p.Duration > max {
		return rejectf("时长 %s 超过上限 %s，请剪辑后分段上传", clock(p.Duration), clock(max))
	}
	if v := p.Video; v != nil {
		if v.Width <= 0 || v.Height <= 0 {
			return rejectf("无法读取视频的画面尺寸，文件可能已损坏")
		}
		if v.Width > l.MaxSide || v.Height > l.MaxSide {
			return rejectf("视频分辨率 %d×%d 超过上限 %d×%d", v.Width, v.Height, l.MaxSide, l.MaxSide)
		}
		if v.FPS > l.MaxFPS {
			return rejectf("视频帧率 %.0f 超过上限 %.0f 帧/秒", v.FPS, l.MaxFPS)
		}
	}
	return nil
}

// clock formats seconds as h:mm:ss.
func clock(sec float64) string {
	s := int(math.Round(sec))
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// rejectf is a refusal of the input itself: retrying will not help.
func rejectf(format string, args ...any) error {
	return apperr.New(apperr.Invalid, codeRejected, format, args...)
}

const codeRejected = "media_rejected"

// isRejected tells a refused input from a transient fault.
func isRejected(err error) bool {
	var e *apperr.Error
	return errors.As(err, &e) && e.Code == codeRejected
}
