package web

import (
	"testing"

	"lms/internal/app/apptest"
	"lms/media"
	"lms/quiz"
)

// fullServer is the whole platform over a fresh database, built as cmd/lms
// builds it (internal/app): every route is registered and every feature
// answers.
type fullServer struct {
	*testServer
	Quiz   *quiz.Service
	Media  *media.Service
	server *Server
}

func newFullServer(t testing.TB) *fullServer {
	t.Helper()
	a, srv := appServer(t, apptest.Options{}, nil)
	ts := &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}
	return &fullServer{testServer: ts, Quiz: a.Quiz, Media: a.Media, server: srv}
}
