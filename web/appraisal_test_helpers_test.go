package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/appraisal"
	"lms/course"
	"lms/internal/testenv"
	"lms/org"
)

// syncBuf collects the server's log lines for the tests that grep them.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// appraisalNotices is cmd/lms's adapter: reminders go under course's bell.
type appraisalNotices struct{ ts *testServer }

func (n appraisalNotices) Notify(ctx context.Context, ids []int64, ref int64, title, link string) (int, error) {
	return n.ts.Course.Notify(ctx, ids, "appraisal", ref, title, link)
}

// appraisalServer is the web server with 群众评议 wired as cmd/lms wires
// it, logging at debug level into logs.
type appraisalServer struct {
	*testServer
	svc    *appraisal.Service
	logs   *syncBuf
	pool   *pgxpool.Pool
	server *Server
}

func newAppraisalServer(t *testing.T) *appraisalServer {
	t.Helper()
	pool := testenv.DB(t)
	orgs := org.NewService(pool)
	if _, err := orgs.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	crs := course.NewService(pool)
	t.Cleanup(crs.Close)
	as := &appraisalServer{logs: &syncBuf{}, pool: pool, svc: appraisal.NewService(pool, orgs)}
	srv, err := New(Deps{Org: orgs, Course: crs, Appraisal: as.svc, DB: pool,
		Log:     slog.New(slog.NewTextHandler(as.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		BaseURL: "http://localhost", SecretKey: []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	as.testServer, as.server = &testServer{Server: hs, Org: orgs, Course: crs}, srv
	as.svc.Notify = appraisalNotices{as.testServer}
	return as
}

func (ts *testServer) actorOf(t *testing.T, username string) *org.Actor {
	t.Helper()
	a, err := ts.Org.Actor(context.Background(), ts.user(t, username).ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// appraisal gives the access walk a closed, released campaign of 华南分公司党委
// over 营销党支部's secretary hnyx_01, answered by five of its members.
func (w *accessWorld) appraisal(t *testing.T) {
	t.Helper()
	ctx, svc := context.Background(), w.fs.server.Appraisal
	c, err := svc.CreateCampaign(ctx, org.System(), appraisal.CampaignInput{Title: "华南评议",
		UnitID: w.fs.unitID(t, demoSouth), OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().Add(time.Hour),
		Targets: []appraisal.TargetInput{{UserID: w.fs.user(t, "hnyx_01").ID}}})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := svc.Targets(ctx, org.System(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 6; i++ {
		a := w.fs.actorOf(t, fmt.Sprintf("hnyx_%02d", i))
		if err := svc.Submit(ctx, a, c.ID, ts[0].ID, appraisal.BallotInput{Steps: []int{0, 1, 2}, Comment: "好"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Close(ctx, org.System(), c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Release(ctx, org.System(), c.ID, true); err != nil {
		t.Fatal(err)
	}
	w.fill["appraisals/:id"] = fmt.Sprint(c.ID)
	w.fill["targets/:target"] = fmt.Sprint(ts[0].ID)
}
