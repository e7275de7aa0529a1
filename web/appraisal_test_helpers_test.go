package web

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/appraisal"
	"lms/internal/app/apptest"
	"lms/org"
)

// appraisalServer is the whole program's web server, logging at debug
// level into logs.
type appraisalServer struct {
	*testServer
	svc    *appraisal.Service
	logs   *syncBuffer
	pool   *pgxpool.Pool
	server *Server
}

func newAppraisalServer(t *testing.T) *appraisalServer {
	t.Helper()
	as := &appraisalServer{logs: &syncBuffer{}}
	a, srv := appServer(t, apptest.Options{}, func(d *Deps) {
		d.Log = slog.New(slog.NewTextHandler(as.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	as.testServer = &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}
	as.svc, as.pool, as.server = a.Appraisal, a.Pool, srv
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
