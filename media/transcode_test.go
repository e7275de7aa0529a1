package media

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/rivertype"

	"lms/internal/apperr"
)

func TestTranscodeVideo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.ingest(t, lecture(t, "9", "854", "480"))
	if a.State != StateUploaded {
		t.Fatalf("state after upload = %s", a.State)
	}
	a = f.transcode(t, a.ID, "1-1")
	if a.State != StateReady || a.Error != "" {
		t.Fatalf("state = %s (%s)", a.State, a.Error)
	}
	if a.Width != 854 || a.Height != 480 || a.Duration < 8.9 || !a.HasAudio {
		t.Errorf("probe: %dx%d %.1fs audio=%v", a.Width, a.Height, a.Duration, a.HasAudio)
	}
	var names []string
	for _, r := range a.Renditions {
		names = append(names, r.Name)
		if r.Bandwidth <= 0 {
			t.Errorf("rendition %s has no measured bandwidth", r.Name)
		}
	}
	if got := strings.Join(names, " "); got != "480p 360p audio" {
		t.Errorf("renditions = %s", got)
	}
	keys := strings.Join(f.keys(t, a.ID), "\n")
	for _, want := range []string{"source", "out-1-1/master.m3u8", "out-1-1/480p/index.m3u8", "out-1-1/360p/seg_00002.ts",
		"out-1-1/audio/seg_00000.ts", "out-1-1/poster.jpg", "out-1-1/storyboard.jpg", "out-1-1/storyboard.vtt"} {
		if !strings.Contains(keys, want) {
			t.Errorf("missing object %s in:\n%s", want, keys)
		}
	}
	master := f.read(t, a.OutputPrefix+"master.m3u8")
	for _, want := range []string{`RESOLUTION=854x480`, `AUDIO="aud"`, `URI="audio/index.m3u8"`, "360p/index.m3u8"} {
		if !strings.Contains(master, want) {
			t.Errorf("master lacks %s:\n%s", want, master)
		}
	}
	checkMasterBandwidths(t, master, a.Renditions)
	if served, err := f.MasterPlaylist(context.Background(), a.ID); served != master || err != nil {
		t.Errorf("served master differs from the stored one (%v):\n%s", err, served)
	}
}

// checkMasterBandwidths: each video variant declares its own measured
// rates plus the audio rendition's it plays with.
func checkMasterBandwidths(t *testing.T, master string, rungs []Rung) {
	t.Helper()
	got := masterBandwidths(t, master)
	audio := rungs[len(rungs)-1]
	for _, r := range rungs[:len(rungs)-1] {
		want := [2]int{r.Bandwidth + audio.Bandwidth, r.AvgBandwidth + audio.AvgBandwidth}
		if g := got[r.Name+"/index.m3u8"]; g != want || g[0] <= audio.Bandwidth {
			t.Errorf("%s: BANDWIDTH, AVERAGE-BANDWIDTH = %v, want %v (audio %d)", r.Name, g, want, audio.Bandwidth)
		}
	}
}

// River delivers at least once: a repeated delivery of a finished job does
// nothing, and a run repeated after a crash mid-publish leaves one set.
func TestTranscodeRepeatedRunsLeaveOneSet(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.ingest(t, lecture(t, "5", "640", "360"))
	f.transcode(t, a.ID, "7-1")
	before := f.keys(t, a.ID)
	f.transcode(t, a.ID, "7-2") // duplicate delivery: already ready
	if after := f.keys(t, a.ID); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Fatalf("a repeated delivery changed the objects:\n%v\n%v", before, after)
	}
	// A run that died after uploading but before publishing left its
	// staging objects; the next run publishes its own and removes them.
	ctx := context.Background()
	if _, err := f.db.Exec(ctx, `UPDATE media_assets SET state = 'transcoding' WHERE id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	a = f.transcode(t, a.ID, "8-1")
	for _, k := range f.keys(t, a.ID) {
		if k != "source" && !strings.HasPrefix(k, "out-8-1/") {
			t.Errorf("object of another run left behind: %s", k)
		}
	}
	var segs int
	_ = f.db.QueryRow(ctx, `SELECT count(*) FROM media_segments WHERE asset_id = $1`, a.ID).Scan(&segs)
	if segs == 0 || a.OutputPrefix != prefix(a.ID)+"out-8-1/" {
		t.Errorf("segments %d, prefix %s", segs, a.OutputPrefix)
	}
}

func TestTranscodeAudioOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	src := clip(t, "talk.mp3", "-f", "lavfi", "-i", "sine=f=300:d=7", "-c:a", "libmp3lame")
	a := f.transcode(t, f.ingest(t, src).ID, "1-1")
	if a.State != StateReady || a.HasVideo || len(a.Renditions) != 1 || a.Renditions[0].Name != "audio" {
		t.Fatalf("audio-only: state %s (%s), renditions %+v", a.State, a.Error, a.Renditions)
	}
	keys := strings.Join(f.keys(t, a.ID), " ")
	if !strings.Contains(keys, "poster.jpg") || strings.Contains(keys, "storyboard") {
		t.Errorf("audio-only objects: %s", keys)
	}
	m := f.read(t, a.OutputPrefix+"master.m3u8")
	if !strings.Contains(m, `CODECS="mp4a.40.2"`) {
		t.Errorf("master: %s", m)
	}
	if served, err := f.MasterPlaylist(context.Background(), a.ID); served != m || err != nil {
		t.Errorf("served master differs from the stored one (%v):\n%s", err, served)
	}
}

// A phone records landscape pixels with a 90° display matrix: the ladder
// follows the picture as it is seen.
func TestTranscodeRotatedPhoneVideo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	flat := lecture(t, "5", "640", "360")
	rotated := clip(t, "phone.mp4", "-i", flat, "-c", "copy", "-metadata:s:v", "rotate=90")
	a := f.transcode(t, f.ingest(t, rotated).ID, "1-1")
	if a.State != StateReady || a.Width != 360 || a.Height != 640 {
		t.Fatalf("rotated: %s (%s) %dx%d", a.State, a.Error, a.Width, a.Height)
	}
	if r := a.Renditions[0]; r.Width != 360 || r.Height != 640 {
		t.Errorf("top rendition %dx%d, want portrait 360x640", r.Width, r.Height)
	}
}

func (f *fixture) read(t *testing.T, key string) string {
	t.Helper()
	obj, err := f.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := obj.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

// Deleting an asset removes its row at once and, through the job inserted
// with it, every object under its prefix.
func TestDeleteRemovesObjects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	a := f.transcode(t, f.ingest(t, lecture(t, "3", "320", "240")).ID, "1-1")
	if _, err := f.AttachSubtitle(ctx, a.ID, "zh", "", []byte("1\n00:00:00,000 --> 00:00:01,000\n你好\n")); err != nil {
		t.Fatal(err)
	}
	if err := f.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AssetInfo(ctx, a.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("asset after delete: %v", err)
	}
	var args string
	if err := f.db.QueryRow(ctx, `SELECT args::text FROM river_job WHERE kind = 'media.purge'`).Scan(&args); err != nil {
		t.Fatalf("purge job: %v", err)
	}
	if err := f.removePrefix(ctx, prefix(a.ID)); err != nil {
		t.Fatal(err)
	}
	if keys := f.keys(t, a.ID); len(keys) != 0 {
		t.Errorf("objects left: %v", keys)
	}
	if err := f.Delete(ctx, a.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestRetryOnlyFailed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	a := f.ingest(t, lecture(t, "2", "320", "240"))
	if err := f.Retry(ctx, a.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("retry of a waiting asset: %v", err)
	}
	_ = failAsset(ctx, f.db, a.ID, "测试", true)
	if err := f.Retry(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := f.Asset(ctx, a.ID)
	if got.State != StateUploaded || got.Error != "" {
		t.Errorf("after retry: %s %q", got.State, got.Error)
	}
}

// A run holds its asset's lock through minutes of ffmpeg and object
// transfers while it writes state and progress through the pool, so the
// lock must not take a pool connection: on a pool of one connection the
// run still finishes. (A lock on a pooled connection left each running
// transcode one connection short, and as many transcodes as connections
// left none for River's completer, the web handlers or the runs' own
// writes.)
func TestTranscodeNeedsOnePoolConnection(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.ingest(t, lecture(t, "3", "320", "240"))
	cfg := f.db.Config()
	cfg.MaxConns = 1
	one, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(one.Close)
	f.Service.db = one
	// Only a deadlock comes near this: the run takes a second or two.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := f.Transcode(ctx, a.ID, "1-1", false); err != nil {
		t.Fatalf("transcode on a pool of one connection: %v", err)
	}
	if got, err := f.Asset(ctx, a.ID); err != nil || got.State != StateReady {
		t.Fatalf("asset after the run: %+v %v", got, err)
	}
}

// Two deliveries of one asset never overlap: while one holds the asset's
// lock, the other is snoozed and touches nothing.
func TestTranscodeOfLockedAssetIsSnoozed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	a := f.ingest(t, lecture(t, "2", "320", "240"))
	unlock, ok, err := f.lockAsset(ctx, a.ID)
	if err != nil || !ok {
		t.Fatalf("lock: %v %v", ok, err)
	}
	var snooze *rivertype.JobSnoozeError
	if err := f.Transcode(ctx, a.ID, "2-1", false); !errors.As(err, &snooze) {
		t.Fatalf("second delivery while locked: %v, want a snooze", err)
	}
	if got, _ := f.Asset(ctx, a.ID); got.State != StateUploaded {
		t.Errorf("state while locked = %s", got.State)
	}
	unlock()
	if got := f.transcode(t, a.ID, "2-2"); got.State != StateReady {
		t.Errorf("after unlock: %s (%s)", got.State, got.Error)
	}
}
