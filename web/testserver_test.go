package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"

	"lms/course"
	"lms/internal/app"
	"lms/internal/app/apptest"
	"lms/org"
)

// testServer is the real web server over the whole program (internal/app),
// on a fresh database and bucket.
type testServer struct {
	*httptest.Server
	App    *app.App
	Org    *org.Service
	Course *course.Service
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, nil)
}

// newTestServerWith lets a test change the server's dependencies (such as
// its trusted proxies) before it is built.
func newTestServerWith(t *testing.T, change func(*Deps)) *testServer {
	t.Helper()
	a, srv := appServer(t, apptest.Options{}, change)
	return &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}
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

// get fetches a page; it returns the status and the body.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	return readPage(c.t, resp)
}

// post sends a form as a browser does, with the client's CSRF token in the
// _csrf field when it has one; it returns the status, the body and the
// Location header of a redirect.
func (c *client) post(path string, form url.Values) (int, string, string) {
	c.t.Helper()
	if c.csrf != "" && !form.Has("_csrf") {
		form.Set("_csrf", c.csrf)
	}
	resp, err := c.http.PostForm(c.base+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	st, body := readPage(c.t, resp)
	return st, body, resp.Header.Get("Location")
}

// upload posts a multipart form with fields and one file in the field "file".
func (c *client) upload(path string, fields url.Values, name string, data []byte) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if c.csrf != "" {
		_ = w.WriteField("_csrf", c.csrf)
	}
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = w.Close()
	resp, err := c.http.Post(c.base+path, w.FormDataContentType(), &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	return readPage(c.t, resp)
}

func readPage(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}
