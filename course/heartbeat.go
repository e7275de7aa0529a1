package course

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// BeatReply tells the player what the server made of its heartbeat.
type BeatReply struct {
	Accepted        bool      `json:"accepted"`
	Duplicate       bool      `json:"duplicate,omitempty"`
	Superseded      bool      `json:"superseded,omitempty"`
	Credited        float64   `json:"credited"`
	Covered         float64   `json:"covered"`
	Furthest        float64   `json:"furthest"`
	Percent         float64   `json:"percent"`
	LessonCompleted bool      `json:"lesson_completed"`
	CourseCompleted bool      `json:"course_completed"`
	Check           *Presence `json:"presence_check,omitempty"`
	ServerTime      time.Time `json:"server_time"`
}

// Presence is an "are you still there?" question the learner must answer.
type Presence struct {
	ID    string    `json:"id"`
	DueAt time.Time `json:"due_at"`
}

// lessonRules is what a heartbeat needs to know of its lesson and course.
type lessonRules struct {
	Rules
	LessonID, CourseID, AssetID int64
	loaded                      time.Time
}

// rulesCache keeps lessons' rules for a short while: they change rarely and
// every heartbeat needs them.
type rulesCache struct {
	mu sync.Mutex
	m  map[int64]lessonRules
}

const rulesTTL = 30 * time.Second

func (s *Service) rules(ctx context.Context, lessonID int64) (lessonRules, error) {
	s.cache.mu.Lock()
	r, ok := s.cache.m[lessonID]
	s.cache.mu.Unlock()
	// A lecture not ready yet is asked about again each time.
	if ok && s.now().Sub(r.loaded) < rulesTTL && !(r.Kind == "video" && r.Duration <= 0) {
		return r, nil
	}
	r, err := loadRules(ctx, s.db, lessonID)
	if err != nil {
		return r, err
	}
	if err := s.readyDuration(ctx, &r); err != nil {
		return r, err
	}
	r.SegmentRule = r.Kind == "video" && s.Media != nil && r.AssetID != 0
	r.loaded = s.now()
	s.cache.mu.Lock()
	if s.cache.m == nil {
		s.cache.m = map[int64]lessonRules{}
	}
	s.cache.m[lessonID] = r
	s.cache.mu.Unlock()
	return r, nil
}

// readyDuration takes a lecture's length from media once it is ready: a
// lesson may be created while its video is still transcoding.
func (s *Service) readyDuration(ctx context.Context, r *lessonRules) error {
	if r.Kind != "video" || r.Duration > 0 || r.AssetID == 0 || s.Media == nil {
		return nil
	}
	dur, _, ready, err := s.Media.AssetDuration(ctx, r.AssetID)
	if err != nil || !ready || dur <= 0 {
		return err
	}
	r.Duration = dur
	return setDurationForAsset(ctx, s.db, r.AssetID, dur)
}

// Heartbeat records one heartbeat of a learner's player. It answers only
// once what it credits is committed to PostgreSQL.
func (s *Service) Heartbeat(ctx context.Context, a *org.Actor, lessonID int64, b Beat) (*BeatReply, error) {
	r, err := s.rules(ctx, lessonID)
	if err != nil {
		return nil, err
	}
	if r.Kind == "video" && r.Duration <= 0 {
		return nil, apperr.Conflictf("视频尚未就绪")
	}
	if err := ValidateBeat(b, r.Rules, s.now()); err != nil {
		return nil, err
	}
	b.LessonID = r.LessonID
	req := &beatReq{userID: a.UserID, rules: r, beat: b, done: make(chan beatResult, 1)}
	return s.beats.submit(ctx, req)
}

// FetchQuery asks which of the media time [From, To) of an asset a user
// fetched through the app.
type FetchQuery struct {
	UserID, AssetID int64
	From, To        float64
}

// fetchWindow: segments fetched longer ago than this do not count.
const fetchWindow = 3 * time.Hour

// fetchedFor finds, for the batch's heartbeats under the segment rule,
// which of the seconds they report as played the learner really fetched:
// one query for the whole batch, about the reported seconds only.
func (s *Service) fetchedFor(ctx context.Context, batch []*beatReq) error {
	var qs []FetchQuery
	var reqs []*beatReq
	for _, r := range batch {
		if !r.rules.SegmentRule || len(r.beat.Played) == 0 {
			continue
		}
		q := FetchQuery{UserID: r.userID, AssetID: r.rules.AssetID, From: r.beat.Played[0].Start, To: r.beat.Played[0].End}
		for _, sp := range r.beat.Played[1:] {
			q.From, q.To = min(q.From, sp.Start), max(q.To, sp.End)
		}
		qs, reqs = append(qs, q), append(reqs, r)
	}
	if len(qs) == 0 {
		return nil
	}
	spans, err := s.Media.FetchedIn(ctx, s.now().Add(-fetchWindow), qs)
	for i, r := range reqs {
		if err == nil {
			r.fetched = spans[i]
		}
	}
	return err
}

func chance() float64 { return rand.Float64() }

// LessonProgress is a learner's state in one lesson, for resuming.
type LessonProgress struct {
	LessonID  int64   `json:"lesson_id"`
	Position  float64 `json:"position"`
	Furthest  float64 `json:"furthest"`
	Covered   float64 `json:"covered"`
	Active    float64 `json:"active_seconds"`
	Percent   float64 `json:"percent"`
	Completed bool    `json:"completed"`
	Coverage  []Span  `json:"coverage"`
}

// Progress returns the actor's progress in a lesson they may study.
func (s *Service) Progress(ctx context.Context, a *org.Actor, lessonID int64) (*LessonProgress, error) {
	if _, _, err := s.Study(ctx, a, lessonID); err != nil {
		return nil, err
	}
	return s.progress(ctx, a, lessonID)
}

// StudyProgress is Study with the actor's progress, for the lesson page:
// one check of who may study.
func (s *Service) StudyProgress(ctx context.Context, a *org.Actor, lessonID int64) (*Lesson, *Course, *LessonProgress, error) {
	l, c, err := s.Study(ctx, a, lessonID)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := s.progress(ctx, a, lessonID)
	return l, c, p, err
}

func (s *Service) progress(ctx context.Context, a *org.Actor, lessonID int64) (*LessonProgress, error) {
	r, err := s.rules(ctx, lessonID)
	if err != nil {
		return nil, err
	}
	p, err := getProgress(ctx, s.db, a.UserID, lessonID)
	if err != nil {
		return nil, err
	}
	return &LessonProgress{LessonID: lessonID, Position: p.Position, Furthest: p.Furthest,
		Covered: Total(p.Coverage), Active: p.ActiveSeconds, Percent: p.Percent(r.Rules),
		Completed: p.Completed, Coverage: p.Coverage}, nil
}
