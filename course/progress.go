package course

import (
	"fmt"
	"math"
	"time"

	"lms/internal/apperr"
)

// Beat is one heartbeat as the player sends it.
type Beat struct {
	PlaybackID     string    `json:"playback_id"`
	Seq            int64     `json:"seq"`
	Position       float64   `json:"position"`
	Played         []Span    `json:"played"`
	Rate           float64   `json:"rate"`
	Visible        bool      `json:"visible"`
	PresenceAnswer string    `json:"presence_answer"`
	ClientTime     time.Time `json:"client_time"`
	LessonID       int64     `json:"-"` // the lesson it is for, from the URL
}

// Playback is the one a learner's study time accrues to: a playback id on
// one lesson. The same id sent for another lesson is another playback, so
// one clock serves every lesson, tab and device of the learner.
type Playback struct {
	ID       string
	LessonID int64
}

// Rules are what the lesson and its course allow.
type Rules struct {
	Kind          string
	Duration      float64 // seconds of media, video lessons
	MaxRate       float64
	CompletePct   float64
	MinSeconds    float64 // study time, document, article and SCORM lessons
	PresenceCheck bool
	ForbidSkip    bool // credit nothing beyond the furthest point reached
	SegmentRule   bool // credit only seconds whose segment the user fetched
	// ScosDone: a SCORM lesson's SCOs report what the lesson requires,
	// asked inside the heartbeat's transaction.
	ScosDone bool
}

// Progress is a learner's server-side record of one lesson.
type Progress struct {
	Coverage      []Span
	Position      float64
	Furthest      float64
	ActiveSeconds float64
	PlaybackID    string
	LastSeq       int64
	LastBeatAt    time.Time
	CheckID       string
	CheckDue      time.Time
	Completed     bool
}

// Outcome is what one heartbeat did.
type Outcome struct {
	Progress   Progress
	Credited   float64 // seconds newly added to coverage or reading time
	Duplicate  bool    // same or older sequence number: ignored
	Superseded bool    // another playback of this user now accrues
	TookOver   bool    // this playback became the user's accruing one
	Completed  bool    // the lesson completed with this heartbeat
	Changed    bool    // the record must be written
}

const (
	// jitter allows for network delay between the heartbeats' arrivals.
	jitter = 1.05
	// checkEvery is the mean time between "are you still there?" checks.
	checkEvery  = 10 * time.Minute
	checkAnswer = 90 * time.Second
	maxSpans    = 200
	// readCadence is how often the reading page sends heartbeats while it
	// is shown (reader.js): a longer gap earns only one cadence, since the
	// page may have been closed in between.
	readCadence = 10 * time.Second
	// skipSlack is one HLS segment: where skipping is forbidden, a span may
	// start this far past the furthest point reached (the player fetches
	// and plays on from the segment it is in).
	skipSlack = 4.0
)

// ValidateBeat refuses heartbeats that no honest player sends.
func ValidateBeat(b Beat, r Rules, now time.Time) error {
	switch {
	case b.PlaybackID == "" || len(b.PlaybackID) > 64:
		return apperr.Invalidf("playback_id 须为 1 到 64 个字符")
	case b.Seq < 1:
		return apperr.Invalidf("seq 须为正整数")
	case !b.ClientTime.IsZero() && b.ClientTime.After(now.Add(time.Minute)):
		return apperr.Invalidf("心跳时间晚于服务器时间，请校准设备时钟")
	case b.Rate <= 0 && r.Kind == "video":
		return apperr.Invalidf("播放速度须为正数")
	case b.Rate > r.MaxRate+1e-9 && r.Kind == "video":
		return apperr.New(apperr.Invalid, "rate_not_allowed", "本课程最高允许 %.2g 倍速播放", r.MaxRate)
	case len(b.Played) > maxSpans:
		return apperr.Invalidf("一次心跳最多 %d 个播放区间", maxSpans)
	}
	return validateSpans(b, r)
}

func validateSpans(b Beat, r Rules) error {
	limit := r.Duration + 1
	if r.Kind != "video" {
		limit = math.Inf(1)
	}
	if b.Position < 0 || b.Position > limit || math.IsNaN(b.Position) {
		return apperr.Invalidf("播放位置 %.1f 超出范围", b.Position)
	}
	prevEnd := -1.0
	for i, s := range b.Played {
		if math.IsNaN(s.Start) || math.IsNaN(s.End) || s.Start < 0 || s.End < s.Start || s.End > limit {
			return apperr.Invalidf("第 %d 个播放区间 [%.1f, %.1f] 无效", i+1, s.Start, s.End)
		}
		if s.Start < prevEnd {
			return apperr.Invalidf("播放区间不能重叠或倒序")
		}
		prevEnd = s.End
	}
	return nil
}

// Apply decides what one valid heartbeat earns. active is the user's
// accruing playback (any lesson of any course); fetched is what the user
// fetched of the media (used when r.SegmentRule); chance draws a number in
// [0, 1).
//
// One clock per learner: only the active playback accrues, and taking over
// restarts the clock of the lesson taken over, so the spans of wall-clock
// time credited to any two lessons never overlap.
func Apply(now time.Time, p Progress, active Playback, b Beat, r Rules, fetched []Span, chance func() float64) Outcome {
	o := Outcome{Progress: p}
	samePlayback := b.PlaybackID == p.PlaybackID && !p.LastBeatAt.IsZero()
	if samePlayback && b.Seq <= p.LastSeq {
		o.Duplicate = true
		return o
	}
	mine := active == Playback{b.PlaybackID, b.LessonID}
	if active.ID != "" && !mine && b.Seq > 1 {
		// A later heartbeat of a playback another tab, device or lesson took over.
		o.Superseded = true
		return o
	}
	o.TookOver = !mine
	o.Changed = true
	np := &o.Progress
	np.Position = b.Position
	if !samePlayback || o.TookOver {
		// The first heartbeat of a playback starts its clock; it earns nothing.
		np.PlaybackID, np.LastSeq, np.LastBeatAt = b.PlaybackID, b.Seq, now
		return o
	}
	elapsed := now.Sub(p.LastBeatAt).Seconds()
	np.LastSeq, np.LastBeatAt = b.Seq, now
	if !presenceOK(np, b, now) || !b.Visible {
		return o
	}
	if r.Kind == "video" {
		o.Credited = creditVideo(np, b, r, fetched, elapsed)
	} else {
		o.Credited = readingCredit(elapsed)
		np.ActiveSeconds += o.Credited
	}
	maybeCheck(np, r, now, elapsed, chance)
	if !p.Completed && complete(np, r) {
		np.Completed, o.Completed = true, true
	}
	return o
}

// readingCredit is the time between two heartbeats of a shown page, up to
// the page's cadence (with jitter); a longer gap earns one cadence.
func readingCredit(elapsed float64) float64 {
	if cadence := readCadence.Seconds(); elapsed > cadence*jitter {
		return cadence
	}
	return elapsed
}

func creditVideo(np *Progress, b Beat, r Rules, fetched []Span, elapsed float64) float64 {
	played := Clamp(Union(b.Played), r.Duration)
	if r.SegmentRule {
		played = Intersect(played, fetched)
	}
	if r.ForbidSkip {
		played = Reachable(played, np.Furthest, skipSlack)
	}
	played = Budget(played, elapsed*r.MaxRate*jitter)
	before := Total(np.Coverage)
	np.Coverage = Union(np.Coverage, played)
	np.ActiveSeconds += Total(played)
	for _, s := range played {
		np.Furthest = math.Max(np.Furthest, s.End)
	}
	return Total(np.Coverage) - before
}

// presenceOK clears an answered check and reports whether time accrues.
func presenceOK(np *Progress, b Beat, now time.Time) bool {
	if np.CheckID == "" {
		return true
	}
	if b.PresenceAnswer == np.CheckID {
		onTime := !now.After(np.CheckDue)
		np.CheckID, np.CheckDue = "", time.Time{}
		return onTime
	}
	return !now.After(np.CheckDue)
}

func maybeCheck(np *Progress, r Rules, now time.Time, elapsed float64, chance func() float64) {
	if !r.PresenceCheck || np.CheckID != "" || chance == nil {
		return
	}
	if chance() < elapsed/checkEvery.Seconds() {
		np.CheckID = fmt.Sprintf("c%d", now.UnixNano())
		np.CheckDue = now.Add(checkAnswer)
	}
}

func complete(p *Progress, r Rules) bool {
	if r.Kind == "video" {
		return r.Duration > 0 && Total(p.Coverage) >= r.Duration*r.CompletePct/100-1e-6
	}
	if r.Kind == "scorm" && !r.ScosDone {
		// What a SCO reports of itself completes nothing without the
		// clock, and the clock nothing without the SCOs.
		return false
	}
	return p.ActiveSeconds >= r.MinSeconds
}

// Percent is how much of a lesson is done, for progress bars.
func (p Progress) Percent(r Rules) float64 {
	if p.Completed {
		return 100
	}
	var v float64
	if r.Kind == "video" && r.Duration > 0 {
		v = Total(p.Coverage) / (r.Duration * r.CompletePct / 100) * 100
	} else if r.MinSeconds > 0 {
		v = p.ActiveSeconds / r.MinSeconds * 100
	}
	return math.Min(99, math.Round(v))
}
