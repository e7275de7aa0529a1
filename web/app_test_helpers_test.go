package web

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"lms/internal/app"
	"lms/internal/app/apptest"
)

// appServer builds the whole program as cmd/lms does (internal/app) over
// a fresh database and bucket, and the web server over it; change may
// alter the server's dependencies first.
func appServer(t testing.TB, o apptest.Options, change func(*Deps)) (*app.App, *Server) {
	t.Helper()
	a := apptest.New(t, o)
	d := Deps{Org: a.Org, Course: a.Course, Quiz: a.Quiz, Media: a.Media, Search: a.Search, Report: a.Report,
		Notice: a.Notice, Feedback: a.Feedback, Reflection: a.Reflection, Appraisal: a.Appraisal, Training: a.Training, Scorm: a.Scorm,
		DB: a.Pool, Store: a.Store, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		BaseURL: "http://localhost", SecretKey: []byte(strings.Repeat("k", 32))}
	if change != nil {
		change(&d)
	}
	srv, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return a, srv
}

// serve starts an HTTP server for h until the test ends.
func serve(t testing.TB, srv *Server) *httptest.Server {
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs
}
