package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"lms/internal/testenv"
	"lms/org"
)

// testServer is the real web server over a fresh database and bucket.
type testServer struct {
	*httptest.Server
	Org *org.Service
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	pool := testenv.DB(t)
	svc := org.NewService(pool)
	if _, err := svc.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Deps{Org: svc, DB: pool, Store: testenv.Store(t), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		BaseURL: "http://localhost", SecretKey: []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, Org: svc}
}

// client is a browser-like HTTP client with a cookie jar and the CSRF token
// of its session.
type client struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func (ts *testServer) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: ts.URL, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs in through the JSON API and keeps the session's CSRF token.
func (ts *testServer) login(t *testing.T, username string) *client {
	c := ts.client(t)
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if st := c.do("POST", "/api/v1/auth/login", map[string]string{"username": username, "password": org.DemoPassword}, &out); st != 200 {
		t.Fatalf("login %s: status %d", username, st)
	}
	c.csrf = out.CSRF
	return c
}

// do sends a JSON request (body may be nil) and decodes a JSON answer into
// out when given; it returns the status.
func (c *client) do(method, path string, body any, out any) int {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		data, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: status %d, body not JSON: %s", method, path, resp.StatusCode, data)
		}
	}
	return resp.StatusCode
}

// apiError is the JSON error body.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
