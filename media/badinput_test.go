package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lms/internal/apperr"
)

// Each bad input is refused with a reason a trainer understands, the asset
// is failed (not retried), and nothing is published.
func TestBadInputsAreRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Another lecture on this machine that a crafted playlist points at.
	other := lecture(t, "4", "320", "240")
	good := lecture(t, "6", "320", "240")
	data, _ := os.ReadFile(good)
	fast, _ := os.ReadFile(clip(t, "fast.mp4", "-i", good, "-c", "copy", "-movflags", "+faststart"))
	cases := []struct {
		name, path, reason string
	}{
		{"text renamed .mp4", write("notes.mp4", []byte("第一章 党的基本理论\n这是一份文本讲义，不是视频。\n")), "不是可播放的音视频文件"},
		{"HLS playlist renamed .mp4 pointing at another video", write("hls.mp4", []byte(
			"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n"+other+"\n#EXTINF:4,\nlecture.mp4\n#EXT-X-ENDLIST\n")), "不支持的文件格式"},
		{"HLS playlist pointing at /etc/passwd", write("passwd.mp4", []byte(
			"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n/etc/passwd\n#EXT-X-ENDLIST\n")), "不支持的文件格式"},
		{"HLS playlist pointing at a URL", write("url.mp4", []byte(
			"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nhttp://127.0.0.1:1/leak.ts\n#EXT-X-ENDLIST\n")), "不支持的文件格式"},
		{"ffconcat pointing at /etc/passwd", write("concat.mp4", []byte(
			"ffconcat version 1.0\nfile '/etc/passwd'\nfile '"+other+"'\n")), "不支持的文件格式"},
		{"truncated MP4", write("cut.mp4", data[:len(data)/2]), "不完整"},
		{"truncated MP4 with its index first", write("cutfast.mp4", fast[:len(fast)/2]), "文件不完整：只能读出"},
		{"header claims 16000×16000", write("huge.mov", claimSize(t, 16000)), "分辨率 16000×16000 超过上限"},
		{"10-hour silent audio", clip(t, "silence.flac", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "36000", "-c:a", "flac"), "时长 10:00:00 超过上限 4:00:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := f.transcode(t, f.ingest(t, c.path).ID, "1-1")
			if a.State != StateFailed || !strings.Contains(a.Error, c.reason) {
				t.Fatalf("state %s, reason %q; want failed with %q", a.State, a.Error, c.reason)
			}
			if keys := f.keys(t, a.ID); len(keys) != 1 || keys[0] != "source" {
				t.Errorf("objects besides the source: %v", keys)
			}
			if a.OutputPrefix != "" {
				t.Errorf("published %s", a.OutputPrefix)
			}
		})
	}
}

// A playlist that slips past by its content must never put another file's
// pictures into the output: even the protocol whitelist alone would let
// this one through, so the demuxer whitelist is what stops it.
func TestPlaylistNeverReadsAnotherFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	other := lecture(t, "4", "320", "240")
	pl := "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n" + other + "\n#EXT-X-ENDLIST\n"
	if err := os.WriteFile(filepath.Join(dir, "source"), []byte(pl), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := runProbe(context.Background(), dir, time.Minute)
	if !isRejected(err) {
		t.Fatalf("probe of a playlist: %v", err)
	}
	// ffmpeg itself, forced to our command, refuses it too.
	plan := NewPlan(&Probe{Format: "mov", Duration: 4, Video: &VideoStream{Width: 320, Height: 240, FPS: 25}})
	res, err := runTool(context.Background(), dir, "ffmpeg", plan.Args(), time.Minute, func(float64) {})
	if err == nil {
		t.Fatal("ffmpeg transcoded a playlist")
	}
	if _, statErr := os.Stat(filepath.Join(dir, "240p", "seg_00000.ts")); statErr == nil {
		t.Errorf("a segment was written from the other file; stderr: %s", res.stderr)
	}
}

func TestEmptyFileRefusedAtUpload(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.Ingest(ctx, f.owner, "空", "empty.mp4", bytes.NewReader(nil)); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "0 字节") {
		t.Errorf("ingest of 0 bytes: %v", err)
	}
	if _, err := f.StartUpload(ctx, f.owner, NewUpload{Filename: "empty.mp4", Size: 0}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("upload of 0 bytes: %v", err)
	}
	if _, err := f.StartUpload(ctx, f.owner, NewUpload{Filename: "big.mp4", Size: 5 << 30}); err == nil || !strings.Contains(err.Error(), "超过上限") {
		t.Errorf("upload over 4 GB: %v", err)
	}
	var n int
	_ = f.db.QueryRow(ctx, `SELECT count(*) FROM media_assets`).Scan(&n)
	if n != 0 {
		t.Errorf("%d assets created from refused files", n)
	}
}

func TestIngestOverLimitKeepsNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.Limits.MaxSize = 1000
	_, err := f.Ingest(context.Background(), f.owner, "", "big.mp4", bytes.NewReader(make([]byte, 5000)))
	if err == nil || !strings.Contains(err.Error(), "超过大小上限") {
		t.Fatalf("ingest over the limit: %v", err)
	}
	var n int
	for range f.store.Client.ListObjects(context.Background(), f.store.Bucket, listAll("media/")) {
		n++
	}
	if n != 0 {
		t.Errorf("%d objects left after a refused ingest", n)
	}
}

// ffmpeg past its time limit is killed and the asset says why.
func TestTranscodeTimeLimitKills(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.TranscodeTimeout = func(float64) time.Duration { return 300 * time.Millisecond }
	a := f.transcode(t, f.ingest(t, lecture(t, "20", "1280", "720")).ID, "1-1")
	if a.State != StateFailed || !strings.Contains(a.Error, "转码超时") {
		t.Fatalf("state %s (%s), want failed with a timeout", a.State, a.Error)
	}
}

// claimSize makes a tiny Motion-JPEG .mov whose headers (the JPEG frames'
// and the MP4 sample entry's) claim side×side pixels.
func claimSize(t *testing.T, side uint16) []byte {
	src := clip(t, "small.mov", "-f", "lavfi", "-i", "testsrc2=s=320x240:d=1:r=5", "-c:v", "mjpeg", "-f", "mov")
	d, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	put := func(at int) {
		binary.BigEndian.PutUint16(d[at:], side)
		binary.BigEndian.PutUint16(d[at+2:], side)
	}
	for i := 0; ; i += 2 {
		j := bytes.Index(d[i:], []byte{0xff, 0xc0}) // JPEG SOF0: len, precision, height, width
		if j < 0 {
			break
		}
		i += j
		put(i + 5)
	}
	entry := bytes.Index(d[bytes.Index(d, []byte("stsd")):], []byte("jpeg")) + bytes.Index(d, []byte("stsd"))
	put(entry + 4 + 6 + 2 + 2 + 2 + 4 + 4 + 4) // visual sample entry width, height
	return d
}
