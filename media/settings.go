package media

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Queue is River's queue for transcodes, apart from the quick jobs so a
// long lecture never holds them up.
const Queue = "media"

// QueueWorkers is how many transcodes one process runs at once: ffmpeg
// already uses every core, so one per four job workers, at least one.
func QueueWorkers(workers int) int { return max(1, workers/4) }

// Settings are the media settings read from LMS_MEDIA_*.
type Settings struct {
	Delivery    string
	MaxSize     int64
	MaxDuration time.Duration
}

// ParseSettings reads the settings; the error names the variable at fault.
func ParseSettings(delivery, maxSize, maxDuration string) (Settings, error) {
	s := Settings{Delivery: delivery}
	if delivery != DeliveryProxy && delivery != DeliveryRedirect {
		return s, fmt.Errorf("LMS_MEDIA_DELIVERY must be proxy or redirect, not %q", delivery)
	}
	size, err := parseSize(maxSize)
	if err != nil || size <= 0 {
		return s, fmt.Errorf("LMS_MEDIA_MAX_SIZE must be a size such as 4GB or 500MB, not %q", maxSize)
	}
	d, err := time.ParseDuration(maxDuration)
	if err != nil || d <= 0 {
		return s, fmt.Errorf("LMS_MEDIA_MAX_DURATION must be a duration such as 4h or 90m, not %q", maxDuration)
	}
	s.MaxSize, s.MaxDuration = size, d
	return s, nil
}

// Apply puts the settings on a service.
func (st Settings) Apply(s *Service) {
	if st.Delivery != "" {
		s.Delivery = st.Delivery
	}
	if st.MaxSize > 0 {
		s.Limits.MaxSize = st.MaxSize
	}
	if st.MaxDuration > 0 {
		s.Limits.MaxDuration = st.MaxDuration
	}
}

// parseSize reads 4GB, 500MB, 64KB or a plain number of bytes (binary units).
func parseSize(v string) (int64, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = strings.TrimSpace(n), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(v, 64)
	return int64(n * float64(mult)), err
}
