package media

import (
	"fmt"
	"math"
)

// Rung is one video rendition of the HLS ladder.
type Rung struct {
	Name         string `json:"name"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	VideoKbps    int    `json:"video_kbps"`
	Bandwidth    int    `json:"bandwidth"`       // peak bits/s measured on the segments
	AvgBandwidth int    `json:"avg_bandwidth"`   // average bits/s over the whole rendition
	Audio        bool   `json:"audio,omitempty"` // the audio-only rendition
}

// standardRungs are keyed by the short side of the picture, so a portrait
// phone recording gets the same quality steps as a landscape camera one.
// Bitrates suit lectures (mostly a speaker and slides) on office networks.
var standardRungs = []struct{ short, kbps int }{
	{1080, 4500}, {720, 2500}, {480, 1100}, {360, 650},
}

// Ladder picks the renditions for a picture of w×h as displayed (rotation
// already applied). It never upscales: a source smaller than the lowest
// step gets one rendition at its own size.
func Ladder(w, h int) []Rung {
	short := min(w, h)
	var out []Rung
	for _, r := range standardRungs {
		if r.short <= short {
			out = append(out, scaledRung(w, h, r.short, r.kbps))
		}
	}
	if len(out) == 0 {
		kbps := max(200, int(650*float64(w*h)/float64(640*360)))
		out = append(out, scaledRung(w, h, even(short), kbps))
	}
	return out
}

func scaledRung(w, h, short, kbps int) Rung {
	r := Rung{Name: fmt.Sprintf("%dp", short), VideoKbps: kbps}
	if w >= h {
		r.Height, r.Width = short, even(float64(w)*float64(short)/float64(h))
	} else {
		r.Width, r.Height = short, even(float64(h)*float64(short)/float64(w))
	}
	return r
}

// even rounds to the nearest even number (H.264 4:2:0 needs even sizes),
// at least 2.
func even[T int | float64](v T) int {
	n := int(math.Round(float64(v)/2)) * 2
	return max(n, 2)
}

// storyboardGrid chooses the interval between thumbnails and the sprite's
// columns and rows: at most 100 thumbnails, at least 2 s apart.
func storyboardGrid(duration float64) (interval float64, cols, rows int) {
	interval = math.Max(2, math.Ceil(duration/100))
	n := int(math.Ceil(duration / interval))
	n = max(1, min(n, 100))
	cols = min(n, 10)
	rows = (n + cols - 1) / cols
	return interval, cols, rows
}

func itoa(i int) string { return fmt.Sprint(i) }

func itoa64(i int64) string { return fmt.Sprint(i) }
