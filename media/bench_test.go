package media

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkTranscodeLadder measures, for a generated 60 s 1080p30 lecture
// (BENCH_TRANSCODE_SECONDS to change), in one run on this machine:
//   - raw: our one ffmpeg command alone (decode once, 4-step ladder, audio,
//     poster, storyboard);
//   - per_rung: the same ladder as one ffmpeg process per rendition (each
//     decodes the source again), run one after the other;
//   - pipeline: Service.Transcode end to end (fetch from MinIO, ffprobe,
//     the ffmpeg command, upload of every object, publish).
//
// Reported: x_realtime (media seconds per wall second of the pipeline),
// cpu_s/min (CPU seconds per minute of lecture), per_rung/one (wall-time
// ratio) and overhead_% (pipeline over raw). Run by `make bench`
// (section transcode), or go test -run '^$' -bench TranscodeLadder ./media.
func BenchmarkTranscodeLadder(b *testing.B) {
	secs := 60
	if v, _ := strconv.Atoi(os.Getenv("BENCH_TRANSCODE_SECONDS")); v > 0 {
		secs = v
	}
	src := clip(b, "source.mp4", "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=30:d="+strconv.Itoa(secs),
		"-f", "lavfi", "-i", "sine=f=440:d="+strconv.Itoa(secs), "-c:v", "libx264", "-preset", "ultrafast",
		"-crf", "20", "-c:a", "aac", "-shortest")
	probe := probeFile(b, src)
	plan := NewPlan(probe)
	for b.Loop() {
		raw := measureRun(b, src, [][]string{plan.Args()})
		perRung := measureRun(b, src, perRungArgs(plan))
		pipe := measurePipeline(b, src)
		dur := probe.Duration
		b.ReportMetric(dur/pipe.wall.Seconds(), "x_realtime")
		b.ReportMetric(raw.wall.Seconds(), "raw_wall_s")
		b.ReportMetric(raw.cpu.Seconds()*60/dur, "raw_cpu_s/min")
		b.ReportMetric(perRung.wall.Seconds(), "per_rung_wall_s")
		b.ReportMetric(perRung.cpu.Seconds()*60/dur, "per_rung_cpu_s/min")
		b.ReportMetric(perRung.wall.Seconds()/raw.wall.Seconds(), "per_rung/one")
		b.ReportMetric(pipe.wall.Seconds(), "pipeline_wall_s")
		b.ReportMetric(pipe.cpu.Seconds()*60/dur, "cpu_s/min")
		b.ReportMetric(100*(pipe.wall.Seconds()/raw.wall.Seconds()-1), "overhead_%")
	}
}

type usage struct{ wall, cpu time.Duration }

// cpuNow is the user+system time of this process's finished children
// (ffmpeg) plus its own (the pipeline's uploads and bookkeeping).
func cpuNow() time.Duration {
	var self, kids syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(kids.Utime) + tv(kids.Stime)
}

// measureRun runs each command in turn in a fresh folder with the source.
func measureRun(b *testing.B, src string, cmds [][]string) usage {
	var u usage
	for _, args := range cmds {
		dir := b.TempDir()
		if err := os.Link(src, filepath.Join(dir, "source")); err != nil {
			b.Fatal(err)
		}
		c0, t0 := cpuNow(), time.Now()
		cmd := exec.Command("ffmpeg", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("ffmpeg %v: %v\n%s", args, err, out)
		}
		u.wall += time.Since(t0)
		u.cpu += cpuNow() - c0
	}
	return u
}

// perRungArgs splits the ladder into one command per rendition; the first
// also carries the audio, the poster and the storyboard.
func perRungArgs(pl Plan) [][]string {
	var out [][]string
	for i, r := range pl.Rungs {
		p := pl
		p.Rungs, p.Audio = []Rung{r}, pl.Audio && i == 0
		out = append(out, p.Args())
	}
	return out
}

func measurePipeline(b *testing.B, src string) usage {
	f := newFixture(b)
	a := f.ingest(b, src)
	c0, t0 := cpuNow(), time.Now()
	if err := f.Transcode(context.Background(), a.ID, "bench-1", false); err != nil {
		b.Fatal(err)
	}
	u := usage{wall: time.Since(t0), cpu: cpuNow() - c0}
	if got, _ := f.Asset(context.Background(), a.ID); got.State != StateReady {
		b.Fatalf("pipeline ended %s: %s", got.State, got.Error)
	}
	return u
}

func probeFile(b *testing.B, src string) *Probe {
	dir := b.TempDir()
	if err := os.Link(src, filepath.Join(dir, "source")); err != nil {
		b.Fatal(err)
	}
	p, err := runProbe(context.Background(), dir, time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	return p
}
