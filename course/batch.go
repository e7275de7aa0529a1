package course

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Heartbeats are written by group commit: concurrent heartbeats are
// gathered for at most batchWait (or batchMax of them) and written in one
// transaction, and each is acknowledged only after that commit. One durable
// commit then serves many learners. Three writers keep one transaction
// committing while the next gathers (measured on two cores: two writers or
// eight gave 5-10 % fewer heartbeats per second than three).
const (
	batchMax     = 512
	batchWait    = 2 * time.Millisecond
	batchWorkers = 3
)

type beatReq struct {
	userID  int64
	rules   lessonRules
	beat    Beat
	fetched []Span
	done    chan beatResult
}

type beatResult struct {
	reply *BeatReply
	err   error
}

type batcher struct {
	s    *Service
	in   chan *beatReq
	stop chan struct{}
	wg   chanWait
}

type chanWait struct{ done []chan struct{} }

func newBatcher(s *Service) *batcher {
	b := &batcher{s: s, in: make(chan *beatReq, 4*batchMax), stop: make(chan struct{})}
	for range batchWorkers {
		d := make(chan struct{})
		b.wg.done = append(b.wg.done, d)
		go b.loop(d)
	}
	return b
}

func (b *batcher) submit(ctx context.Context, r *beatReq) (*BeatReply, error) {
	select {
	case b.in <- r:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-b.stop:
		return nil, errors.New("server is shutting down")
	}
	select {
	case res := <-r.done:
		return res.reply, res.err
	case <-ctx.Done():
		// The write may still commit; the player retries with the same
		// sequence number, which is then a harmless duplicate.
		return nil, ctx.Err()
	}
}

func (b *batcher) close() {
	close(b.stop)
	for _, d := range b.wg.done {
		<-d
	}
}

func (b *batcher) loop(done chan struct{}) {
	defer close(done)
	for {
		var first *beatReq
		select {
		case first = <-b.in:
		case <-b.stop:
			b.drain()
			return
		}
		b.run(b.gather(first))
	}
}

func (b *batcher) gather(first *beatReq) []*beatReq {
	batch := []*beatReq{first}
	timer := time.NewTimer(batchWait)
	defer timer.Stop()
	for len(batch) < batchMax {
		select {
		case r := <-b.in:
			batch = append(batch, r)
		case <-timer.C:
			return batch
		}
	}
	return batch
}

func (b *batcher) drain() {
	for {
		select {
		case r := <-b.in:
			b.run([]*beatReq{r})
		default:
			return
		}
	}
}

func (b *batcher) run(batch []*beatReq) {
	var replies []*BeatReply
	err := b.s.fetchedFor(context.Background(), batch)
	for attempt := 0; err == nil && attempt < db.Attempts; attempt++ {
		replies, err = b.s.writeBatch(context.Background(), batch)
		if err == nil || !db.Retryable(err) || attempt == db.Attempts-1 {
			break
		}
		db.RetryPause(attempt)
	}
	if err != nil {
		slog.Error("heartbeat batch failed", "err", err, "size", len(batch))
	}
	for i, r := range batch {
		if err != nil {
			r.done <- beatResult{err: err}
			continue
		}
		if replies[i] == nil {
			r.done <- beatResult{err: apperr.Forbiddenf("您没有选修该课程")}
			continue
		}
		r.done <- beatResult{reply: replies[i]}
	}
}

type key struct{ user, lesson int64 }

// writeBatch applies a batch in one transaction. A nil reply means the user
// is not enrolled in the lesson's course.
func (s *Service) writeBatch(ctx context.Context, batch []*beatReq) ([]*BeatReply, error) {
	replies := make([]*BeatReply, len(batch))
	var started map[[2]int64]bool
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		enrolled, err := s.enrolledPairs(ctx, tx, batch)
		if err != nil {
			return err
		}
		keys := lockKeys(batch, enrolled)
		progress, err := lockProgress(ctx, tx, keys)
		if err != nil {
			return err
		}
		active, err := lockActive(ctx, tx, keys)
		if err != nil {
			return err
		}
		if err := s.scosDone(ctx, tx, batch, progress); err != nil {
			return err
		}
		w := &batchWrite{progress: progress, active: active, known: &s.started, now: s.now()}
		for i, r := range batch {
			if enrolled[[2]int64{r.userID, r.rules.CourseID}] {
				replies[i] = w.apply(r)
			}
		}
		courses, err := s.saveBatch(ctx, tx, w)
		started = w.started
		for i, r := range batch {
			if replies[i] != nil && courses[[2]int64{r.userID, r.rules.CourseID}] {
				replies[i].CourseCompleted = true
			}
		}
		return err
	})
	if err == nil {
		// Committed: these enrollments have left not_started for good.
		for k := range started {
			s.started.add(k)
		}
	}
	return replies, err
}

func lockKeys(batch []*beatReq, enrolled map[[2]int64]bool) []key {
	var keys []key
	seen := map[key]bool{}
	for _, r := range batch {
		k := key{r.userID, r.rules.LessonID}
		if enrolled[[2]int64{r.userID, r.rules.CourseID}] && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	// One lock order for every batch of every process: no deadlocks.
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.user, b.user), cmp.Compare(a.lesson, b.lesson))
	})
	return keys
}

// batchWrite holds the batch's records while heartbeats are applied in
// arrival order, then what must be written.
type batchWrite struct {
	known     *enrolCache // enrollments already started
	progress  map[key]*Progress
	courseOf  map[key]int64
	active    map[int64]Playback
	takeovers map[int64]key
	started   map[[2]int64]bool
	completed map[key]int64
	now       time.Time
}

func (w *batchWrite) apply(r *beatReq) *BeatReply {
	k := key{r.userID, r.rules.LessonID}
	p := w.progress[k]
	o := Apply(w.now, *p, w.active[r.userID], r.beat, r.rules.Rules, r.fetched, chance)
	reply := &BeatReply{Accepted: o.Changed, Duplicate: o.Duplicate, Superseded: o.Superseded,
		Credited: o.Credited, ServerTime: w.now}
	if o.Changed {
		*p = o.Progress
		w.mark(k, r, o)
	}
	reply.Covered, reply.Furthest, reply.Percent = Total(p.Coverage), p.Furthest, p.Percent(r.rules.Rules)
	reply.LessonCompleted = p.Completed
	if p.CheckID != "" {
		reply.Check = &Presence{ID: p.CheckID, DueAt: p.CheckDue}
	}
	return reply
}

func (w *batchWrite) mark(k key, r *beatReq, o Outcome) {
	if w.courseOf == nil {
		w.courseOf, w.takeovers = map[key]int64{}, map[int64]key{}
		w.started, w.completed = map[[2]int64]bool{}, map[key]int64{}
	}
	w.courseOf[k] = r.rules.CourseID
	if o.TookOver {
		w.active[r.userID] = Playback{r.beat.PlaybackID, r.rules.LessonID}
		w.takeovers[r.userID] = k
	}
	if o.Credited > 0 && !w.known.has([2]int64{r.userID, r.rules.CourseID}) {
		w.started[[2]int64{r.userID, r.rules.CourseID}] = true
	}
	if o.Completed {
		w.completed[k] = r.rules.CourseID
	}
}

// saveBatch writes the batch and returns the (user, course) pairs whose
// course it completed.
func (s *Service) saveBatch(ctx context.Context, tx pgx.Tx, w *batchWrite) (map[[2]int64]bool, error) {
	if len(w.courseOf) == 0 {
		return nil, nil
	}
	if err := saveProgress(ctx, tx, w); err != nil {
		return nil, err
	}
	if err := saveTakeovers(ctx, tx, w); err != nil {
		return nil, err
	}
	if len(w.started)+len(w.completed) == 0 {
		return nil, nil
	}
	done, changing, err := s.lockChanges(ctx, tx, w)
	if err != nil {
		return nil, err
	}
	if err := s.reportChanging(ctx, tx, changing); err != nil {
		return nil, err
	}
	if err := markStarted(ctx, tx, w.started); err != nil {
		return nil, err
	}
	courses, err := s.completeAll(ctx, tx, done)
	if err != nil {
		return nil, err
	}
	return courses, s.reportChanged(ctx, tx, changing)
}

// lockChanges orders the batches that change enrollments (a learner's
// first credited second, a completed lesson: rare next to heartbeats) with
// each other, by one lock between them, then locks the enrollments they
// may change, in id order, before the first change. It returns the courses
// ready to complete and every enrollment the batch will change, for the
// report (which takes the learners' account locks before it moves a sum).
func (s *Service) lockChanges(ctx context.Context, tx pgx.Tx, w *batchWrite) (done, changing pairs, err error) {
	var maybe pairs
	finished := map[[2]int64]bool{}
	for k, courseID := range w.completed {
		finished[[2]int64{k.user, courseID}] = true
	}
	for pair := range finished {
		maybe.add(pair[0], pair[1])
	}
	for pair := range w.started {
		if !finished[pair] {
			maybe.add(pair[0], pair[1])
		}
	}
	// The learners' account locks come before any enrollment lock, as in
	// an account move (org holds the account, then the report reads its
	// enrollments): taken after them, the two deadlocked under load.
	if err := org.LockAccounts(ctx, tx, distinctIDs(maybe.users)); err != nil {
		return done, changing, err
	}
	if err := lockEnrollmentChanges(ctx, tx); err != nil {
		return done, changing, err
	}
	states, err := lockEnrollments(ctx, tx, maybe)
	if err != nil {
		return done, changing, err
	}
	for i, u := range maybe.users {
		pair, state := [2]int64{u, maybe.courses[i]}, states[[2]int64{u, maybe.courses[i]}]
		ready := false
		if finished[pair] && state != "" && state != "completed" {
			if ready, err = s.completable(ctx, tx, u, pair[1]); err != nil {
				return done, changing, err
			}
		}
		if ready {
			done.add(u, pair[1])
		}
		if ready || w.started[pair] && state == "not_started" {
			changing.add(u, pair[1])
		}
	}
	return done, changing, nil
}

func (s *Service) completeAll(ctx context.Context, tx pgx.Tx, done pairs) (map[[2]int64]bool, error) {
	var courses map[[2]int64]bool
	for i, u := range done.users {
		ok, err := s.complete(ctx, tx, u, done.courses[i])
		if err != nil {
			return nil, err
		}
		if ok {
			if courses == nil {
				courses = map[[2]int64]bool{}
			}
			courses[[2]int64{u, done.courses[i]}] = true
		}
	}
	return courses, nil
}

// distinctIDs is ids sorted, each once (the account locks' order).
func distinctIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
