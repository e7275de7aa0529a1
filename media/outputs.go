package media

import (
	"context"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/minio/minio-go/v7"
)

// outputs is one run's results, ready to upload and publish.
type outputs struct {
	Prefix   string
	Rungs    []Rung // video renditions, then the audio one
	Segments []Segment
	Files    []string // relative paths under the run folder
	Size     int64
}

// collectOutputs reads what ffmpeg wrote in dir, measures the renditions,
// writes the master playlist and the storyboard track, and checks the
// result covers the source: a truncated file decodes to a short output.
func collectOutputs(dir string, plan Plan, runPrefix string) (*outputs, error) {
	out := &outputs{Prefix: runPrefix}
	rungs := append([]Rung{}, plan.Rungs...)
	if plan.Audio {
		rungs = append(rungs, Rung{Name: "audio", Audio: true})
	}
	for i := range rungs {
		if err := out.addRendition(dir, &rungs[i]); err != nil {
			return nil, err
		}
	}
	if err := checkCoverage(out.Segments, rungs[0].Name, plan.Duration); err != nil {
		return nil, err
	}
	out.Rungs = rungs
	var audio *Rung
	if plan.Audio {
		audio = &rungs[len(rungs)-1]
	}
	// The measured rungs, not the plan's: only they know their bandwidth.
	extra := map[string]string{"master.m3u8": masterPlaylist(rungs[:len(plan.Rungs)], audio)}
	if len(plan.Rungs) > 0 {
		extra["storyboard.vtt"] = storyboardVTT(plan.Storyboard, plan.Duration)
	}
	for name, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return nil, err
		}
	}
	return out, out.addFiles(dir, "poster.jpg", "storyboard.jpg", "storyboard.vtt", "master.m3u8")
}

func (o *outputs) addRendition(dir string, r *Rung) error {
	text, err := os.ReadFile(filepath.Join(dir, r.Name, "index.m3u8"))
	if err != nil {
		return fmt.Errorf("rendition %s: %w", r.Name, err)
	}
	segs, err := parseMediaPlaylist(r.Name, string(text))
	if err != nil || len(segs) == 0 {
		return rejectf("转码结果不完整（%s 没有分片），文件可能已损坏", r.Name)
	}
	for i := range segs {
		fi, err := os.Stat(filepath.Join(dir, r.Name, segs[i].File))
		if err != nil {
			return err
		}
		segs[i].Size = fi.Size()
		o.Files = append(o.Files, r.Name+"/"+segs[i].File)
		o.Size += fi.Size()
	}
	r.Bandwidth, r.AvgBandwidth = bandwidths(segs)
	o.Segments = append(o.Segments, segs...)
	return o.addFiles(dir, r.Name+"/index.m3u8")
}

func (o *outputs) addFiles(dir string, names ...string) error {
	for _, n := range names {
		fi, err := os.Stat(filepath.Join(dir, n))
		if os.IsNotExist(err) && n != "master.m3u8" {
			continue // audio-only assets have no storyboard
		}
		if err != nil {
			return err
		}
		o.Files = append(o.Files, n)
		o.Size += fi.Size()
	}
	return nil
}

// checkCoverage refuses an output much shorter than the probed duration.
func checkCoverage(segs []Segment, rendition string, duration float64) error {
	end := 0.0
	for _, s := range segs {
		if s.Rendition == rendition {
			end = max(end, s.End)
		}
	}
	if end < duration*0.9-1 {
		return rejectf("文件不完整：只能读出 %s，文件标称时长 %s。可能是录制或上传中断，请重新导出后上传", clock(end), clock(duration))
	}
	return nil
}

// uploadRun puts the run's files under its staging prefix, playlists last,
// then publishes it.
func (s *Service) uploadRun(ctx context.Context, id int64, dir string, out *outputs) error {
	var segs, lists []string
	for _, f := range out.Files {
		if strings.HasSuffix(f, ".m3u8") {
			lists = append(lists, f)
		} else {
			segs = append(segs, f)
		}
	}
	for _, batch := range [][]string{segs, lists} {
		if err := s.putFiles(ctx, dir, out.Prefix, batch); err != nil {
			return storeDown(err)
		}
	}
	return s.publishRun(ctx, id, out)
}

// putFiles uploads files with four at a time.
func (s *Service) putFiles(ctx context.Context, dir, prefix string, files []string) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for f := range work {
				if err := s.putFile(ctx, filepath.Join(dir, f), prefix+f); err != nil {
					cancel(err)
				}
			}
		})
	}
	for _, f := range files {
		select {
		case work <- f:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	return context.Cause(ctx)
}

func (s *Service) putFile(ctx context.Context, path, key string) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	_, err := s.store.Client.FPutObject(ctx, s.store.Bucket, key, path, minio.PutObjectOptions{ContentType: contentType(key)})
	return err
}

func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".m3u8":
		return "application/vnd.apple.mpegurl"
	case ".ts":
		return "video/mp2t"
	case ".vtt":
		return "text/vtt; charset=utf-8"
	}
	if t := mime.TypeByExtension(filepath.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
