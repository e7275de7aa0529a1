package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"lms/internal/pdfgen"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"lms/internal/apperr"
	"lms/internal/testenv"
)

// testSource is content as another feature would serve it.
type testSource struct {
	kind string
	mu   sync.Mutex
	docs map[int64][]Doc
	errs map[int64]error
}

func newTestSource(kind string) *testSource {
	return &testSource{kind: kind, docs: map[int64][]Doc{}, errs: map[int64]error{}}
}

func (s *testSource) Kind() string { return s.kind }

func (s *testSource) Docs(_ context.Context, id int64) ([]Doc, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.docs[id]), s.errs[id]
}

func (s *testSource) IDs(context.Context) ([]int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []int64
	for id := range s.docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

func (s *testSource) set(id int64, err error, docs ...Doc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[id], s.errs[id] = docs, err
}

// flaky is an index that can be taken down, as a Meilisearch outage would.
type flaky struct {
	Index
	down atomic.Bool
}

func (f *flaky) Replace(ctx context.Context, es []Entity) error {
	if f.down.Load() {
		return errors.New("connection refused")
	}
	return f.Index.Replace(ctx, es)
}

func course(id int64, title string, published bool) Doc {
	return Doc{Kind: KindCourse, CourseID: id, Title: title, Published: published, Open: true, OwnerIDs: []int64{7}}
}

// nowRetry retries failed jobs at once, so a test sees the retry.
type nowRetry struct{}

func (nowRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(50 * time.Millisecond) }

func startJobs(t *testing.T, pool *pgxpool.Pool, svc *Service) (*river.Client[pgx.Tx], <-chan *river.Event) {
	t.Helper()
	w := river.NewWorkers()
	svc.AddJobs(w)
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Workers: w, Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		FetchCooldown: 10 * time.Millisecond, FetchPollInterval: 20 * time.Millisecond,
		RetryPolicy: nowRetry{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	t.Cleanup(cancel)
	if err := client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Stop(context.Background()) })
	svc.SetJobs(client)
	return client, events
}

// change enqueues a reindex in a transaction, as a content owner would.
func change(t *testing.T, pool *pgxpool.Pool, svc *Service, kind string, id int64, commit bool) {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	if err := svc.Enqueue(ctx, tx, kind, id); err != nil {
		t.Fatal(err)
	}
	if commit {
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func waitJob(t *testing.T, events <-chan *river.Event, want river.EventKind) {
	t.Helper()
	for {
		select {
		case e := <-events:
			if e.Kind == want {
				return
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no %s event", want)
		}
	}
}

func newService(t *testing.T) (*Service, *pgxpool.Pool, *testSource, *flaky) {
	pool := testenv.DB(t)
	mem, err := NewBleveMemory()
	if err != nil {
		t.Fatal(err)
	}
	idx := &flaky{Index: mem}
	svc := NewService(pool, idx)
	src := newTestSource("course")
	if err := svc.Register(src); err != nil {
		t.Fatal(err)
	}
	return svc, pool, src, idx
}

var (
	aLearner = Viewer{UserID: 9}
	aTrainer = Viewer{UserID: 7, Trainer: true}
)

func titles(t *testing.T, svc *Service, v Viewer, q string) []string {
	t.Helper()
	r, err := svc.Search(context.Background(), v, Query{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestIndexJobFollowsTheTransaction(t *testing.T) {
	t.Parallel()
	svc, pool, src, idx := newService(t)
	_, events := startJobs(t, pool, svc)

	src.set(1, nil, course(1, "党史学习教育", true))
	change(t, pool, svc, "course", 1, false) // rolled back: no job, nothing indexed
	change(t, pool, svc, "course", 1, true)
	waitJob(t, events, river.EventKindJobCompleted)
	if got := titles(t, svc, aLearner, "党史"); !slices.Equal(got, []string{"course-1-0"}) {
		t.Fatalf("after the job: %v", got)
	}
	var jobs int
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'search_index'`).Scan(&jobs)
	if jobs != 1 {
		t.Errorf("%d jobs: the rolled-back change must not have one", jobs)
	}

	// Unpublishing: the source returns nothing and the course is gone.
	src.set(1, nil)
	change(t, pool, svc, "course", 1, true)
	waitJob(t, events, river.EventKindJobCompleted)
	if got := titles(t, svc, aTrainer, "党史"); len(got) != 0 {
		t.Errorf("unpublished course still found: %v", got)
	}

	// The backend is down: the job fails, is retried, and succeeds later.
	idx.down.Store(true)
	src.set(2, nil, course(2, "基层党建", true))
	change(t, pool, svc, "course", 2, true)
	waitJob(t, events, river.EventKindJobFailed)
	idx.down.Store(false)
	waitJob(t, events, river.EventKindJobCompleted)
	if got := titles(t, svc, aLearner, "党建"); !slices.Equal(got, []string{"course-2-0"}) {
		t.Errorf("after the outage: %v", got)
	}
}

func TestContentProblemsAreRecorded(t *testing.T) {
	t.Parallel()
	svc, _, src, _ := newService(t)
	ctx := context.Background()
	lesson := Doc{Kind: KindLesson, CourseID: 3, LessonID: 30, Title: "加密的讲义", Published: true, Open: true, OwnerIDs: []int64{7}}
	_, err := extract(t, makePDF([]string{"机密"}, pdfgen.Options{Encrypt: true}))
	src.set(30, err, lesson)
	if err := svc.IndexEntity(ctx, "course", 30); err != nil {
		t.Fatalf("a content problem is no job failure: %v", err)
	}
	if got := titles(t, svc, aLearner, "讲义"); !slices.Equal(got, []string{"course-30-0"}) {
		t.Errorf("what could be read is indexed: %v", got)
	}
	probs, err := svc.Problems(ctx, aTrainer, 1, 20)
	if err != nil || len(probs) != 1 || probs[0].LessonID != 30 || probs[0].Title != "加密的讲义" || probs[0].Reason == "" {
		t.Fatalf("owner's problems: %+v, %v", probs, err)
	}
	if other, _ := svc.Problems(ctx, Viewer{UserID: 99, Trainer: true}, 1, 20); len(other) != 0 {
		t.Errorf("another trainer sees %+v", other)
	}
	if _, err := svc.Problems(ctx, aLearner, 1, 20); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("learner: %v", err)
	}
	src.set(30, nil, lesson) // the trainer uploaded a readable file
	if err := svc.IndexEntity(ctx, "course", 30); err != nil {
		t.Fatal(err)
	}
	if probs, _ := svc.Problems(ctx, Viewer{UserID: 1, Admin: true}, 1, 20); len(probs) != 0 {
		t.Errorf("fixed problem still listed: %+v", probs)
	}
	// Any other error is the job's: retried, not recorded.
	src.set(31, errors.New("database gone"))
	if err := svc.IndexEntity(ctx, "course", 31); err == nil {
		t.Error("a source error must fail the job")
	}
	if err := svc.IndexEntity(ctx, "nosuch", 1); err == nil {
		t.Error("unknown source")
	}
}

func TestReindexRebuildsEverything(t *testing.T) {
	t.Parallel()
	svc, _, src, _ := newService(t)
	ctx := context.Background()
	for id := int64(1); id <= 450; id++ {
		src.set(id, nil, course(id, fmt.Sprintf("第%d期党员轮训", id), true))
	}
	src.set(451, &ContentError{Reason: "PDF 已加密"}, course(451, "有问题的课程", true))
	// Drift: the index holds a course no source knows any more.
	stale, _ := makeEntity("course", 999, []Doc{course(999, "已删除的党员课程", true)}, nowMicros())
	if err := svc.Index().Replace(ctx, []Entity{stale}); err != nil {
		t.Fatal(err)
	}
	var calls []int
	st, err := svc.Reindex(ctx, func(done, total int) {
		if total != 451 {
			t.Errorf("total %d", total)
		}
		calls = append(calls, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Entities != 451 || st.Docs != 451 || st.Problems != 1 || len(calls) != 3 || calls[2] != 451 {
		t.Errorf("stats %+v, progress %v", st, calls)
	}
	if n, _ := svc.Index().Count(ctx); n != 451 {
		t.Errorf("%d docs after reindex, want 451", n)
	}
	if got := titles(t, svc, aLearner, "已删除"); len(got) != 0 {
		t.Errorf("stale doc survived: %v", got)
	}
}

func TestSearchFilterComesFromTheViewer(t *testing.T) {
	t.Parallel()
	svc, _, src, _ := newService(t)
	ctx := context.Background()
	src.set(1, nil, course(1, "公开课程 党纪", true))
	src.set(2, nil, Doc{Kind: KindCourse, CourseID: 2, Title: "指派课程 党纪", Published: true})
	src.set(3, nil, course(3, "草稿课程 党纪", false))
	src.set(4, nil, Doc{Kind: KindQuestion, Title: "党纪题目", Published: true, Open: true, TrainerOnly: true})
	for id := int64(1); id <= 4; id++ {
		if err := svc.IndexEntity(ctx, "course", id); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		v    Viewer
		want []string
	}{
		{"learner", aLearner, []string{"course-1-0"}},
		{"owner trainer", aTrainer, []string{"course-1-0", "course-3-0", "course-4-0"}},
		{"admin", Viewer{UserID: 1, Admin: true}, []string{"course-1-0", "course-2-0", "course-3-0", "course-4-0"}},
	}
	for _, c := range cases {
		got := titles(t, svc, c.v, "党纪")
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	svc.SetAccess(accessFunc(func(v Viewer) Filter { return Filter{UserID: 12345, CourseIDs: []int64{2}} }))
	got := titles(t, svc, aLearner, "党纪")
	slices.Sort(got)
	if !slices.Equal(got, []string{"course-1-0", "course-2-0"}) {
		t.Errorf("with Access: %v", got)
	}
}

type accessFunc func(Viewer) Filter

func (f accessFunc) Filter(_ context.Context, v Viewer) (Filter, error) { return f(v), nil }
