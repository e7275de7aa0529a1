package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"lms/course"
	"lms/internal/db"
	"lms/internal/testenv"
	"lms/media"
	"lms/org"
	"lms/quiz"
	"lms/report"
	"lms/search"
)

// fullServer is the whole platform over a fresh database, wired as
// cmd/lms wires it: every route is registered and every feature answers.
type fullServer struct {
	*testServer
	Quiz   *quiz.Service
	Media  *media.Service
	server *Server
}

func newFullServer(t testing.TB) *fullServer {
	t.Helper()
	pool := testenv.DB(t)
	orgs := org.NewService(pool)
	if _, err := orgs.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	store := testenv.Store(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m := media.NewService(pool, store)
	m.Log, m.WorkDir = log, t.TempDir()
	jobs, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: log}) // insert-only
	if err != nil {
		t.Fatal(err)
	}
	m.Jobs = jobs
	crs := course.NewService(pool)
	crs.Store, crs.Media = store, mediaForCourses{m}
	m.Viewer = crs
	t.Cleanup(crs.Close)
	qz := wiredQuiz(pool, crs)
	idx, err := search.NewBleveMemory()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Deps{Org: orgs, Course: crs, Quiz: qz, Media: m, Search: search.NewService(pool, idx),
		Report: report.NewService(pool), DB: pool, Store: store, Log: log,
		BaseURL: "http://localhost", SecretKey: []byte(strings.Repeat("k", 32)),
		Training: wiredTraining(t, pool, orgs, crs, store)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &fullServer{testServer: &testServer{Server: hs, Org: orgs, Course: crs}, Quiz: qz, Media: m, server: srv}
}

// wiredQuiz joins quizzes to courses as cmd/lms does.
func wiredQuiz(pool db.DBTX, crs *course.Service) *quiz.Service {
	qz := quiz.NewService(pool)
	crs.Quiz = quizStates{qz}
	qz.OnPassed = func(ctx context.Context, tx pgx.Tx, userID, courseID int64) error {
		_, err := crs.CheckCompletion(ctx, tx, userID, courseID)
		return err
	}
	wireQuizToCourses(qz, crs)
	return qz
}
