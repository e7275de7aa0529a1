package media

import (
	"bufio"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Segment is one published HLS segment and the media time it covers.
type Segment struct {
	Rendition  string
	Seq        int
	File       string
	Start, End float64
	Size       int64
}

// parseMediaPlaylist reads the segments of one rendition's playlist as
// ffmpeg wrote it: #EXTINF durations followed by seg_NNNNN.ts names.
func parseMediaPlaylist(rendition, text string) ([]Segment, error) {
	var segs []Segment
	var dur, at float64
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXTINF:"):
			v, _, _ := strings.Cut(strings.TrimPrefix(line, "#EXTINF:"), ",")
			dur = parseFloat(v)
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			seq, ok := segmentSeq(line)
			if !ok {
				return nil, fmt.Errorf("unexpected segment name %q in %s", line, rendition)
			}
			segs = append(segs, Segment{Rendition: rendition, Seq: seq, File: line, Start: at, End: at + dur})
			at += dur
		}
	}
	return segs, sc.Err()
}

// segmentSeq reads NNNNN from seg_NNNNN.ts; any other name is refused, so
// a request can never name an object outside the segments.
func segmentSeq(name string) (int, bool) {
	n, ok := strings.CutPrefix(name, "seg_")
	n, ok2 := strings.CutSuffix(n, ".ts")
	if !ok || !ok2 || len(n) != 5 {
		return 0, false
	}
	seq, err := strconv.Atoi(n)
	return seq, err == nil && seq >= 0
}

// bandwidths measures a rendition's peak and average bits per second
// from its segments' sizes, for the master playlist. The peak is RFC 8216's
// peak segment bit rate: the highest rate of any run of contiguous
// segments lasting 0.5 to 1.5 target durations, so that a short last
// segment is not a peak of its own; a lecture too short for any such run
// has its whole length as the one run.
func bandwidths(segs []Segment) (peak, avg int) {
	var bits, secs, target float64
	for _, s := range segs {
		bits += float64(s.Size) * 8
		secs += s.End - s.Start
		target = max(target, math.Ceil(s.End-s.Start))
	}
	if secs <= 0 {
		return 0, 0
	}
	for i := range segs {
		var b, d float64
		for _, s := range segs[i:] {
			b, d = b+float64(s.Size)*8, d+s.End-s.Start
			if d > 1.5*target {
				break
			}
			if d >= 0.5*target {
				peak = max(peak, int(b/d))
			}
		}
	}
	avg = int(bits / secs)
	return max(peak, avg), avg
}

// avcCodec names the H.264 High profile level x264 picks for a rung.
func avcCodec(r Rung) string {
	level := 0x1e // 3.0
	switch px := r.Width * r.Height; {
	case px > 1280*720:
		level = 0x28 // 4.0
	case px > 854*480:
		level = 0x1f // 3.1
	}
	return fmt.Sprintf("avc1.6400%02x", level)
}

// masterPlaylist lists the video renditions (best first), each playing the
// one audio rendition from its own group; audio-only assets list only that.
func masterPlaylist(rungs []Rung, audio *Rung) string {
	var b strings.Builder
	b.WriteString("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n")
	if len(rungs) == 0 && audio != nil {
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,CODECS=\"mp4a.40.2\"\naudio/index.m3u8\n",
			audio.Bandwidth, audio.AvgBandwidth)
		return b.String()
	}
	group, codecsA, abw, aavg := "", "", 0, 0
	if audio != nil {
		b.WriteString("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"audio\",DEFAULT=YES,AUTOSELECT=YES,URI=\"audio/index.m3u8\"\n")
		group, codecsA, abw, aavg = ",AUDIO=\"aud\"", ",mp4a.40.2", audio.Bandwidth, audio.AvgBandwidth
	}
	for _, r := range rungs {
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=\"%s%s\"%s\n%s/index.m3u8\n",
			r.Bandwidth+abw, r.AvgBandwidth+aavg, r.Width, r.Height, avcCodec(r), codecsA, group, r.Name)
	}
	return b.String()
}

// storyboardVTT is the thumbnails track: one cue per tile of the sprite.
func storyboardVTT(sb storyboardSpec, duration float64) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n\n")
	n := int(math.Ceil(duration / sb.Interval))
	n = min(n, sb.Cols*sb.Rows)
	for i := range n {
		start := float64(i) * sb.Interval
		end := math.Min(start+sb.Interval, duration)
		x, y := (i%sb.Cols)*sb.ThumbW, (i/sb.Cols)*sb.ThumbH
		fmt.Fprintf(&b, "%s --> %s\nstoryboard.jpg#xywh=%d,%d,%d,%d\n\n", vttTime(start), vttTime(end), x, y, sb.ThumbW, sb.ThumbH)
	}
	return b.String()
}

// vttTime formats seconds as hh:mm:ss.mmm.
func vttTime(sec float64) string {
	ms := int64(math.Round(sec * 1000))
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
