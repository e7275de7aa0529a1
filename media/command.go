package media

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	ffmpeg "github.com/u2takey/ffmpeg-go"
)

// SegmentSeconds is the HLS segment length. Every rendition gets a keyframe
// at each multiple of it, so the renditions switch cleanly at any segment.
const SegmentSeconds = 4

// Preset is libx264's speed/size trade-off. veryfast encodes the 4-step
// ladder of a 1080p lecture at about 1.7× real time on 2 cores, while
// faster presets cost 10-20 % more bits for the same quality and slower
// ones take twice the time for a few percent: lectures (a speaker, slides)
// compress well anyway, and trainers wait for the result.
const Preset = "veryfast"

// Plan is everything the command depends on; Args is a pure function of it.
type Plan struct {
	Format     string  // the demuxer ffprobe found; ffmpeg is held to it
	Rungs      []Rung  // video renditions, empty for audio-only sources
	Audio      bool    // the source has audio
	FPS        float64 // output frame-rate cap; 0 keeps the source's
	Duration   float64 // seconds
	Preset     string
	Encoder    string // "libx264" (default) or "h264_nvenc"
	PosterAt   float64
	Storyboard storyboardSpec
}

type storyboardSpec struct {
	Interval       float64
	Cols, Rows     int
	ThumbW, ThumbH int
}

// NewPlan derives the ladder and extras from the probe.
func NewPlan(p *Probe) Plan {
	pl := Plan{Format: demuxer(p.Format), Audio: p.Audio != nil, Duration: p.Duration, Preset: Preset, Encoder: "libx264"}
	if p.Video == nil {
		return pl
	}
	w, h := p.Video.DisplaySize()
	pl.Rungs = Ladder(w, h)
	if p.Video.FPS > 30.5 || p.Video.FPS == 0 {
		pl.FPS = 30
	}
	pl.PosterAt = math.Min(p.Duration*0.1, 10)
	iv, cols, rows := storyboardGrid(p.Duration)
	tw := 160
	th := even(float64(tw) * float64(h) / float64(w))
	if h > w { // portrait: keep thumbnails 90 px high rather than 284
		th, tw = 160, even(160*float64(w)/float64(h))
	}
	pl.Storyboard = storyboardSpec{Interval: iv, Cols: cols, Rows: rows, ThumbW: tw, ThumbH: th}
	return pl
}

// globalArgs come first: no reading from stdin ever, machine-readable
// progress on stdout, only errors on stderr.
var globalArgs = []string{"-nostdin", "-hide_banner", "-nostats", "-loglevel", "error",
	"-progress", "pipe:1", "-y"}

// Args builds the one ffmpeg command that decodes the private copy
// "source" once and writes, in the working folder, every HLS rendition
// (<name>/index.m3u8 + <name>/seg_NNNNN.ts), the poster and the storyboard
// sprite. ffmpeg-go builds the filter graph and the argument list; we run
// it ourselves (see runTool).
func (pl Plan) Args() []string {
	in := ffmpeg.Input("source", inputKwargs(pl.Format))
	var outs []*ffmpeg.Stream
	if len(pl.Rungs) > 0 {
		outs = pl.videoOutputs(in)
	} else {
		outs = pl.audioOnlyOutputs(in)
	}
	args := ffmpeg.MergeOutputs(outs...).GetArgs()
	return append(append([]string{}, globalArgs...), args...)
}

// inputKwargs forces the demuxer ffprobe found (ffmpeg may not guess
// again), on top of the hardening; the MP4 options exist only there.
func inputKwargs(format string) ffmpeg.KwArgs {
	kw := ffmpeg.KwArgs{"f": format}
	for k, v := range inputHardening() {
		kw[k] = v
	}
	if format != "mov" {
		delete(kw, "enable_drefs")
		delete(kw, "use_absolute_path")
	}
	return kw
}

// demuxer is the first name of ffprobe's format_name ("mov,mp4,m4a…").
func demuxer(formatName string) string {
	name, _, _ := strings.Cut(formatName, ",")
	return name
}

// videoOutputs scales the ladder as a cascade, each step from the one
// above (1080p → 720p → 480p → 360p): about a tenth less CPU than scaling
// every step from the source, for no visible loss at these ratios. The
// poster comes off the top step, the storyboard off the bottom one.
func (pl Plan) videoOutputs(in *ffmpeg.Stream) []*ffmpeg.Stream {
	cur := in.Get("v:0")
	if pl.FPS > 0 {
		cur = cur.Filter("fps", ffmpeg.Args{num(pl.FPS)})
	}
	var streams []*ffmpeg.Stream
	var vsm []string
	var poster, smallest *ffmpeg.Stream
	for i, r := range pl.Rungs {
		split := cur.Filter("scale", ffmpeg.Args{strconv.Itoa(r.Width), strconv.Itoa(r.Height)}).Split()
		streams = append(streams, split.Get("0"))
		vsm = append(vsm, fmt.Sprintf("v:%d,name:%s", i, r.Name))
		if i == 0 {
			poster = split.Get("2")
		}
		cur = split.Get("1") // the next step, or the storyboard after the last
		smallest = cur
	}
	if pl.Audio {
		streams = append(streams, in.Get("a:0"))
		vsm = append(vsm, "a:0,name:audio")
	}
	kw := pl.hlsKwargs(strings.Join(vsm, " "))
	for i, r := range pl.Rungs {
		kw[fmt.Sprintf("b:v:%d", i)] = fmt.Sprintf("%dk", r.VideoKbps)
		kw[fmt.Sprintf("maxrate:v:%d", i)] = fmt.Sprintf("%dk", r.VideoKbps*3/2)
		kw[fmt.Sprintf("bufsize:v:%d", i)] = fmt.Sprintf("%dk", r.VideoKbps*2)
	}
	sb := pl.Storyboard
	storyboard := smallest.
		Filter("fps", ffmpeg.Args{"1/" + num(sb.Interval)}).
		Filter("scale", ffmpeg.Args{strconv.Itoa(sb.ThumbW), strconv.Itoa(sb.ThumbH)}).
		Filter("tile", ffmpeg.Args{fmt.Sprintf("%dx%d", sb.Cols, sb.Rows)})
	poster = poster.Filter("trim", ffmpeg.Args{}, ffmpeg.KwArgs{"start": num(pl.PosterAt)})
	return []*ffmpeg.Stream{
		ffmpeg.Output(streams, "%v/index.m3u8", kw),
		ffmpeg.Output([]*ffmpeg.Stream{storyboard}, "storyboard.jpg", imageKwargs()),
		ffmpeg.Output([]*ffmpeg.Stream{poster}, "poster.jpg", imageKwargs()),
	}
}

// audioOnlyOutputs: one AAC rendition, and the waveform of the whole
// lecture as the still image the player shows.
func (pl Plan) audioOnlyOutputs(in *ffmpeg.Stream) []*ffmpeg.Stream {
	split := in.Get("a:0").ASplit()
	wave := split.Get("1").Filter("showwavespic", ffmpeg.Args{}, ffmpeg.KwArgs{"s": "1280x720", "colors": "0xb71c1c"})
	return []*ffmpeg.Stream{
		ffmpeg.Output([]*ffmpeg.Stream{split.Get("0")}, "%v/index.m3u8", pl.hlsKwargs("a:0,name:audio")),
		ffmpeg.Output([]*ffmpeg.Stream{wave}, "poster.jpg", imageKwargs()),
	}
}

func (pl Plan) hlsKwargs(streamMap string) ffmpeg.KwArgs {
	kw := ffmpeg.KwArgs{
		"f": "hls", "hls_time": strconv.Itoa(SegmentSeconds), "hls_playlist_type": "vod",
		"hls_flags": "independent_segments", "hls_segment_type": "mpegts",
		"hls_segment_filename": "%v/seg_%05d.ts", "var_stream_map": streamMap,
		"max_muxing_queue_size": "4096",
	}
	if len(pl.Rungs) > 0 {
		kw["c:v"] = pl.Encoder
		kw["pix_fmt"] = "yuv420p"
		kw["profile:v"] = "high"
		kw["force_key_frames"] = fmt.Sprintf("expr:gte(t,n_forced*%d)", SegmentSeconds)
		if pl.Encoder == "libx264" {
			kw["preset"] = pl.Preset
			kw["sc_threshold"] = "0"
		}
	}
	if pl.Audio {
		kw["c:a"], kw["b:a"], kw["ac"], kw["ar"] = "aac", "128k", "2", "48000"
	}
	return kw
}

func imageKwargs() ffmpeg.KwArgs {
	return ffmpeg.KwArgs{"frames:v": "1", "q:v": "4", "update": "1"}
}

// num formats a number the short way ffmpeg reads it (2, 2.5, 0.333).
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64)
}
