package media

import (
	"context"
	"io"
	"math"
	"net/url"
	"sort"
	"time"

	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
)

// Span is a stretch [Start, End) of media time, in seconds.
type Span struct{ Start, End float64 }

// errNoSuchFile answers any name that is not one of an asset's outputs.
var errNoSuchFile = apperr.NotFoundf("文件不存在")

// SegmentKey records that userID fetched a segment and returns its object
// key, in one statement: the lookup of the segment's media time in a ready
// asset and the insert of the fetch. Both delivery modes call it before
// answering, so the record exists whenever the segment was served.
func (s *Service) SegmentKey(ctx context.Context, userID, assetID int64, rendition, file string) (string, error) {
	seq, ok := segmentSeq(file)
	if !ok || !validRendition(rendition) {
		return "", errNoSuchFile
	}
	p, err := recordFetch(ctx, s.db, userID, assetID, rendition, seq, s.now())
	if err != nil {
		return "", err
	}
	return p + rendition + "/" + file, nil
}

// OutputKey returns the object key of a playlist or picture of a ready
// asset; the name must be one the transcode writes.
func (s *Service) OutputKey(ctx context.Context, assetID int64, name string) (string, error) {
	if !outputName(name) {
		return "", errNoSuchFile
	}
	a, err := getAsset(ctx, s.db, assetID)
	if err != nil {
		return "", err
	}
	if a.State != StateReady || a.OutputPrefix == "" {
		return "", apperr.Conflictf("视频尚未处理完成")
	}
	return a.OutputPrefix + name, nil
}

// MasterPlaylist writes a ready asset's master playlist from its measured
// renditions rather than reading the stored one: lectures transcoded
// before the BANDWIDTH fix stored a master that declared only the audio's
// rate, and this way they play right without a new transcode.
func (s *Service) MasterPlaylist(ctx context.Context, assetID int64) (string, error) {
	a, err := getAsset(ctx, s.db, assetID)
	if err != nil {
		return "", err
	}
	if a.State != StateReady || len(a.Renditions) == 0 {
		return "", apperr.Conflictf("视频尚未处理完成")
	}
	var video []Rung
	var audio *Rung
	for i, r := range a.Renditions {
		if r.Audio {
			audio = &a.Renditions[i]
		} else {
			video = append(video, r)
		}
	}
	return masterPlaylist(video, audio), nil
}

func outputName(name string) bool {
	switch name {
	case "master.m3u8", "poster.jpg", "storyboard.jpg", "storyboard.vtt", "audio/index.m3u8":
		return true
	}
	r, file, ok := cutLast(name, "/")
	return ok && file == "index.m3u8" && validRendition(r)
}

// validRendition accepts the names the ladder gives: "1080p"… or "audio".
func validRendition(r string) bool {
	if r == "audio" {
		return true
	}
	if len(r) < 2 || len(r) > 6 || r[len(r)-1] != 'p' {
		return false
	}
	for _, c := range r[:len(r)-1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func cutLast(s, sep string) (string, string, bool) {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return "", "", false
}

// Object is a stored file opened for streaming to a client.
type Object struct {
	io.ReadCloser
	Size        int64
	ContentType string
	ETag        string
}

// Open streams a stored object (proxy delivery).
func (s *Service) Open(ctx context.Context, key string) (*Object, error) {
	obj, err := s.store.Client.GetObject(ctx, s.store.Bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, storeDown(err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, errNoSuchFile
		}
		return nil, storeDown(err)
	}
	return &Object{ReadCloser: obj, Size: st.Size, ContentType: st.ContentType, ETag: st.ETag}, nil
}

// Presign returns a GET URL of the object valid for ttl (redirect delivery).
func (s *Service) Presign(ctx context.Context, key string, ttl time.Duration) (string, error) {
	u, err := s.store.Client.PresignedGetObject(ctx, s.store.Bucket, key, ttl, url.Values{})
	if err != nil {
		return "", storeDown(err)
	}
	return u.String(), nil
}

// FetchedSpans is the merged union of the media time of all the segments
// (any rendition, audio included) userID fetched from the app since the
// given time: the whole lecture's FetchedIn, for looking at a fetch log.
func (s *Service) FetchedSpans(ctx context.Context, userID, assetID int64, since time.Time) ([]Span, error) {
	spans, err := s.FetchedIn(ctx, since, []FetchQuery{{UserID: userID, AssetID: assetID, To: math.Inf(1)}})
	if err != nil {
		return nil, err
	}
	return spans[0], nil
}

// FetchQuery asks which of the media time [From, To) of an asset a user
// fetched from the app.
type FetchQuery struct {
	UserID, AssetID int64
	From, To        float64
}

// FetchedIn answers many FetchQuery at once (a batch of heartbeats): for
// each, the merged media time of the segments fetched since the given time
// that overlap [From, To).
func (s *Service) FetchedIn(ctx context.Context, since time.Time, qs []FetchQuery) ([][]Span, error) {
	out := make([][]Span, len(qs))
	if len(qs) == 0 {
		return out, nil
	}
	err := fetchedIn(ctx, s.db, since, qs, func(i int, sp Span) { out[i] = append(out[i], sp) })
	for i := range out {
		out[i] = mergeSpans(out[i])
	}
	return out, err
}

// mergeSpans unions spans; ones that touch or overlap (within a
// millisecond, as renditions cut at slightly different times) join.
func mergeSpans(in []Span) []Span {
	sort.Slice(in, func(i, j int) bool { return in[i].Start < in[j].Start })
	var out []Span
	for _, sp := range in {
		if sp.End <= sp.Start {
			continue
		}
		if n := len(out); n > 0 && sp.Start <= out[n-1].End+0.001 {
			out[n-1].End = max(out[n-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

func listAll(p string) minio.ListObjectsOptions {
	return minio.ListObjectsOptions{Prefix: p, Recursive: true}
}
