package media

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
)

// Cue is one timed caption as search indexes it: plain text, and the
// second a hit opens the lecture at.
type Cue struct {
	Lang  string
	Start float64
	Text  string
}

// SubtitleCues reads the cues of every language of an asset's subtitles
// from the object store; none when the asset has no subtitles or is gone.
func (s *Service) SubtitleCues(ctx context.Context, assetID int64) ([]Cue, error) {
	subs, err := listSubtitles(ctx, s.db, assetID)
	if err != nil {
		return nil, err
	}
	var out []Cue
	for _, sub := range subs {
		cues, err := s.readCues(ctx, sub)
		if err != nil {
			return nil, err
		}
		out = append(out, cues...)
	}
	return out, nil
}

func (s *Service) readCues(ctx context.Context, sub Subtitle) ([]Cue, error) {
	obj, err := s.store.Client.GetObject(ctx, s.store.Bucket, sub.Key, minio.GetObjectOptions{})
	if err != nil {
		return nil, storeDown(err)
	}
	defer obj.Close()
	data, err := io.ReadAll(io.LimitReader(obj, MaxSubtitleSize*2))
	if err != nil {
		return nil, fmt.Errorf("subtitles of asset %d (%s): %w", sub.AssetID, sub.Lang, err)
	}
	var out []Cue
	for _, c := range parseCues(decodeText(data)) {
		text := strings.TrimSpace(tagRe.ReplaceAllString(c.text, ""))
		if text != "" {
			out = append(out, Cue{Lang: sub.Lang, Start: cueSeconds(c.start), Text: text})
		}
	}
	return out, nil
}

// cueSeconds reads the hh:mm:ss.mmm that parseCues writes.
func cueSeconds(stamp string) float64 {
	var total float64
	for _, part := range strings.Split(stamp, ":") {
		v, _ := strconv.ParseFloat(part, 64)
		total = total*60 + v
	}
	return total
}

// changedSubtitles tells search, inside tx, that an asset's captions
// changed (added, replaced, removed, or the asset deleted).
func (s *Service) changedSubtitles(ctx context.Context, tx pgx.Tx, assetID int64) error {
	if s.OnSubtitles == nil {
		return nil
	}
	return s.OnSubtitles(ctx, tx, assetID)
}
