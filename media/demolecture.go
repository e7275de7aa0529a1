package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"lms/internal/pdfgen"
)

// The demo lecture looks and sounds like one: a slide per cue (the
// lecture's title and the cue's sentence, in a CJK font), the sentence
// spoken in Mandarin by espeak-ng from the cue's start, and subtitles that
// end where the speech does, so a search by subtitle finds words that are
// really said at that moment.

// LectureCue is one slide of a generated lecture: shown from Start, its
// Text spoken from Start until at most End (hh:mm:ss.mmm).
type LectureCue struct{ Start, End, Text string }

// SeedLecture makes a demo lecture of the cues (see MakeLecture), ingests
// it as the owner's asset, whose job transcodes it, and attaches the
// subtitles of what it says. It returns the asset's id.
func (s *Service) SeedLecture(ctx context.Context, ownerID int64, title string, cues []LectureCue, seconds int) (int64, error) {
	dir, err := os.MkdirTemp("", "lms-demo-*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	path, vtt, err := MakeLecture(ctx, dir, title, cues, seconds)
	if err != nil {
		return 0, fmt.Errorf("demo lecture: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	asset, err := s.Ingest(ctx, ownerID, title, title+".mp4", f)
	if err != nil {
		return 0, err
	}
	if _, err := s.AttachSubtitle(ctx, asset.ID, "zh-CN", "", []byte(vtt)); err != nil {
		return 0, err
	}
	return asset.ID, nil
}

func cueStamp(sec float64) string {
	ms := int(sec*1000 + 0.5)
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// cjkFont finds a font file with Chinese glyphs, as drawtext needs a path.
func cjkFont(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "fc-list", "-f", "%{file}\n", ":lang=zh").Output()
	if err != nil {
		return "", fmt.Errorf("fc-list: %w (make deps installs fontconfig and a CJK font)", err)
	}
	var files []string
	for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f != "" {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return "", errors.New("no Chinese font found (fc-list :lang=zh is empty): install fonts-droid-fallback or fonts-noto-cjk (make deps)")
	}
	for _, f := range files { // Noto CJK reads best; any other serves
		if strings.Contains(f, "NotoSansCJK") || strings.Contains(f, "NotoSerifCJK") {
			return f, nil
		}
	}
	return files[0], nil
}

// speak writes one sentence as a WAV that lasts at most room seconds,
// speeding the voice up when the sentence is long; it returns its length.
func speak(ctx context.Context, path, text string, room float64) (float64, error) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		return 0, errors.New("espeak-ng not found: the demo lecture is spoken by it (make deps installs it)")
	}
	rate := 190
	for {
		out, err := exec.CommandContext(ctx, "espeak-ng", "-v", "cmn", "-s", strconv.Itoa(rate), "-w", path, text).CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("espeak-ng: %v: %s", err, out)
		}
		d, err := probeSeconds(ctx, path)
		if err != nil || d <= room || rate >= 400 {
			return d, err
		}
		rate = min(400, int(float64(rate)*d/room)+5)
	}
}

func probeSeconds(ctx context.Context, path string) (float64, error) {
	out, err := exec.CommandContext(ctx, "ffprobe", "-v", "error", "-show_entries", "format=duration",
		"-of", "csv=p=0", path).Output()
	if err != nil {
		return 0, fmt.Errorf("ffprobe %s: %w", path, err)
	}
	return strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
}

// MakeLecture makes dir/lecture.mp4 of the cues and returns the subtitles
// of what it says, as WebVTT.
func MakeLecture(ctx context.Context, dir, title string, cues []LectureCue, seconds int) (string, string, error) {
	font, err := cjkFont(ctx)
	if err != nil {
		return "", "", err
	}
	var vtt strings.Builder
	vtt.WriteString("WEBVTT\n\n")
	args := []string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
		fmt.Sprintf("color=c=0xfdf6ec:s=960x540:r=25:d=%d", seconds)}
	var audio []string
	for i, c := range cues {
		start, end := cueSeconds(c.Start), cueSeconds(c.End)
		wav := filepath.Join(dir, fmt.Sprintf("cue%d.wav", i))
		d, err := speak(ctx, wav, c.Text, end-start)
		if err != nil {
			return "", "", err
		}
		fmt.Fprintf(&vtt, "%s --> %s\n%s\n\n", cueStamp(start), cueStamp(start+d), c.Text)
		args = append(args, "-i", wav)
		ms := int(start * 1000)
		audio = append(audio, fmt.Sprintf("[%d:a]adelay=%d|%d[a%d]", i+1, ms, ms, i))
	}
	video, err := slideFilters(dir, font, title, cues)
	if err != nil {
		return "", "", err
	}
	var mix strings.Builder
	for i := range cues {
		fmt.Fprintf(&mix, "[a%d]", i)
	}
	graph := video + ";" + strings.Join(audio, ";") + ";" + mix.String() +
		fmt.Sprintf("amix=inputs=%d:normalize=0,apad[aout]", len(cues))
	path := filepath.Join(dir, "lecture.mp4")
	args = append(args, "-filter_complex", graph, "-map", "[vout]", "-map", "[aout]", "-t", strconv.Itoa(seconds),
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-ar", "44100", path)
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "ffmpeg", args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", "", fmt.Errorf("ffmpeg: %v: %s", err, stderr.String())
	}
	return path, vtt.String(), nil
}

// slideFilters draws the slides on the background: a red title band on
// every slide, and per cue its number, a band of its own colour and its
// sentence, shown from its start to the next cue's. Texts go through files,
// so no sentence needs escaping for the filter graph.
func slideFilters(dir, font, title string, cues []LectureCue) (string, error) {
	write := func(name, text string) (string, error) {
		p := filepath.Join(dir, name)
		return p, os.WriteFile(p, []byte(text), 0o600)
	}
	titleFile, err := write("title.txt", title)
	if err != nil {
		return "", err
	}
	colours := []string{"0xb71c1c", "0x8d6e63", "0x1565c0", "0x2e7d32", "0x6a1b9a", "0xef6c00", "0x00838f"}
	f := fmt.Sprintf("[0:v]drawbox=x=0:y=0:w=iw:h=110:color=0xc8161d:t=fill,"+
		"drawtext=fontfile=%s:textfile=%s:fontsize=40:fontcolor=white:x=40:y=35", font, titleFile)
	for i, c := range cues {
		from, to := cueSeconds(c.Start), 1e6
		if i+1 < len(cues) {
			to = cueSeconds(cues[i+1].Start)
		}
		on := fmt.Sprintf("enable='between(t,%.3f,%.3f)'", from, to-0.001)
		text, err := write(fmt.Sprintf("slide%d.txt", i), strings.Join(pdfgen.Wrap(c.Text, 16), "\n"))
		if err != nil {
			return "", err
		}
		f += fmt.Sprintf(",drawbox=x=40:y=170:w=16:h=300:color=%s:t=fill:%s", colours[i%len(colours)], on) +
			fmt.Sprintf(",drawtext=fontfile=%s:textfile=%s:fontsize=44:fontcolor=0x333333:line_spacing=24:x=90:y=190:%s", font, text, on) +
			fmt.Sprintf(",drawtext=fontfile=%s:text='%d / %d':fontsize=26:fontcolor=0x888888:x=w-tw-40:y=h-60:%s", font, i+1, len(cues), on)
	}
	return f + "[vout]", nil
}
